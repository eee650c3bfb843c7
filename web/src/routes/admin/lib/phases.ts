// Phase dates are Beijing calendar dates (YYYY-MM-DD) already; a phase within
// one year is written "2026-04-01 – 04-30" so two fit side by side on a phone.
export function phaseDates(start: string, end: string): string {
  if (start.slice(0, 4) === end.slice(0, 4) && /^\d{4}-\d\d-\d\d$/.test(end)) return `${start} – ${end.slice(5)}`;
  return `${start} – ${end}`;
}
