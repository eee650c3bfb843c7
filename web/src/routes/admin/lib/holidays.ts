// The office's holiday list for one year: days off (节假日) and the weekend
// days worked instead (调休上班). Deadlines in working days skip the first
// and count the second. Pure, so it is tested without a browser.
import type { Holiday } from '../../../lib/console/types';

export interface HolidayRow {
  day: string;
  name: string;
  workday: boolean;
}

export const WEEKDAY_KEYS = ['admin.holidays.sun', 'admin.holidays.mon', 'admin.holidays.tue', 'admin.holidays.wed', 'admin.holidays.thu', 'admin.holidays.fri', 'admin.holidays.sat'];

export function holidaysOfYear(all: readonly Holiday[], year: number): HolidayRow[] {
  return all.filter((h) => h.day.startsWith(`${year}-`)).map((h) => ({ day: h.day, name: h.name, workday: h.workday }));
}

/** 0 = Sunday … 6 = Saturday; null for a date that is not one. */
export function weekday(day: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== day ? null : d.getUTCDay();
}

export interface RowProblem {
  row: number;
  key: string;
}

/** What keeps the list from being saved: a date outside the year or twice, a missing name. */
export function checkHolidays(rows: readonly HolidayRow[], year: number): RowProblem[] {
  const problems: RowProblem[] = [];
  const seen = new Set<string>();
  rows.forEach((r, row) => {
    if (weekday(r.day) === null || !r.day.startsWith(`${year}-`)) problems.push({ row, key: 'admin.holidays.badDay' });
    else if (seen.has(r.day)) problems.push({ row, key: 'admin.holidays.twice' });
    if (!r.name.trim()) problems.push({ row, key: 'admin.holidays.noName' });
    seen.add(r.day);
  });
  return problems;
}

/** PUT /holidays: the year's days in date order. */
export function holidaysBody(rows: readonly HolidayRow[]) {
  return { days: [...rows].sort((a, b) => a.day.localeCompare(b.day)).map((r) => ({ day: r.day, name: r.name.trim(), workday: r.workday })) };
}
