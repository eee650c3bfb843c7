// Deadlines count working days (national 好差评 rules: 15 for a complaint):
// weekends and the office's holiday list are skipped, and a weekend day the
// office marks as a working day (调休) counts. Dates are YYYY-MM-DD calendar
// days in Asia/Shanghai; the arithmetic is on UTC dates so no zone shifts them.
export const DEFAULT_TASK_WORKING_DAYS = 15;

export interface WorkCalendar {
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
}

const toDate = (day: string) => new Date(`${day}T00:00:00Z`);
const toDay = (d: Date) => d.toISOString().slice(0, 10);

export function isWorkingDay(day: string, cal: WorkCalendar): boolean {
  if (cal.workdays.has(day)) return true;
  if (cal.holidays.has(day)) return false;
  const dow = toDate(day).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/** The day on which `n` working days after `start` have passed (start itself does not count). */
export function addWorkingDays(start: string, n: number, cal: WorkCalendar): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('n must be a whole number of days');
  const d = toDate(start);
  let left = n;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (isWorkingDay(toDay(d), cal)) left--;
  }
  return toDay(d);
}

/** Working days from `from` (exclusive) to `to` (inclusive); 0 when `to` is not after `from`. */
export function workingDaysBetween(from: string, to: string, cal: WorkCalendar): number {
  if (to <= from) return 0;
  const d = toDate(from);
  let n = 0;
  while (toDay(d) < to) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (isWorkingDay(toDay(d), cal)) n++;
  }
  return n;
}
