// Times are shown in Beijing time whatever the phone's zone. China keeps no
// daylight saving, so a fixed +8 h is exact and needs no Intl time-zone data
// (which some in-app browsers lack).
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

const pad = (n: number) => String(n).padStart(2, '0');

/** "2025-05-01 14:03" in Asia/Shanghai, or the input unchanged if it is not a date. */
export function formatShanghai(iso: string, withSeconds = false): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const d = new Date(ms + SHANGHAI_OFFSET_MS);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}${withSeconds ? `:${pad(d.getUTCSeconds())}` : ''}`;
  return `${date} ${time}`;
}

/** Today's calendar date in Beijing, "2025-05-01": deadlines and visit dates are such days. */
export function shanghaiDate(ms: number = Date.now()): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}
