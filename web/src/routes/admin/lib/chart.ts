// Ballots per hour as bars. The server sends only the hours that had ballots
// (Asia/Shanghai, "YYYY-MM-DDTHH:00"); quiet hours in between are filled with
// zero so the chart's time axis is even.
export interface HourCount {
  hour: string;
  ballots: number;
}

const HOUR_MS = 3600_000;
// The labels are Beijing wall-clock hours; reading them as UTC keeps the arithmetic zone-free.
const toMs = (hour: string) => Date.parse(`${hour}:00Z`);
const pad = (n: number) => String(n).padStart(2, '0');
function toHour(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:00`;
}

/** Every hour from the first to the last with ballots, at most `max` of the latest. */
export function fillHours(byHour: readonly HourCount[], max = 48): HourCount[] {
  const known = byHour.filter((h) => !Number.isNaN(toMs(h.hour)));
  if (!known.length) return [];
  const counts = new Map(known.map((h) => [toMs(h.hour), h.ballots]));
  const times = [...counts.keys()];
  const last = Math.max(...times);
  const first = Math.max(Math.min(...times), last - (max - 1) * HOUR_MS);
  const out: HourCount[] = [];
  for (let t = first; t <= last; t += HOUR_MS) out.push({ hour: toHour(t), ballots: counts.get(t) ?? 0 });
  return out;
}

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  hour: string;
  ballots: number;
}

/** Bars in a width×height box, tallest bar filling the height. */
export function bars(hours: readonly HourCount[], width: number, height: number, gap = 2): Bar[] {
  if (!hours.length) return [];
  const max = Math.max(1, ...hours.map((h) => h.ballots));
  const slot = width / hours.length;
  const w = Math.max(1, slot - gap);
  return hours.map((h, i) => {
    const barHeight = h.ballots ? Math.max(1, (h.ballots / max) * height) : 0;
    return { x: i * slot + (slot - w) / 2, y: height - barHeight, width: w, height: barHeight, hour: h.hour, ballots: h.ballots };
  });
}

/** "05-01 14:00" from "2026-05-01T14:00". */
export const shortHour = (hour: string) => hour.slice(5).replace('T', ' ');
