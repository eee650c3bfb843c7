// A task's deadline, as the office sets it: a number of working days from
// today (the server counts them with its holiday list) or a date. The page
// shows the date the working days lead to, counted the same way.
import { addWorkingDays, DEFAULT_TASK_WORKING_DAYS, type WorkCalendar } from '@minping/shared/workdays';
import type { Holiday } from './types';

export { DEFAULT_TASK_WORKING_DAYS };

export interface DeadlineInput {
  mode: 'days' | 'date';
  /** A number input bound with bind:value gives a number, or null when empty. */
  days: string | number | null;
  date: string;
}

export const defaultDeadline = (): DeadlineInput => ({ mode: 'days', days: String(DEFAULT_TASK_WORKING_DAYS), date: '' });

export function calendarOf(holidays: readonly Holiday[]): WorkCalendar {
  return { holidays: new Set(holidays.filter((h) => !h.workday).map((h) => h.day)), workdays: new Set(holidays.filter((h) => h.workday).map((h) => h.day)) };
}

const wholeDays = (s: string | number | null) => {
  const text = String(s ?? '').trim();
  return /^\d{1,3}$/.test(text) ? Number(text) : NaN;
};

/** The body fields for the deadline, or the catalogue key of what is wrong with it. */
export function deadlineBody(d: DeadlineInput, today: string): { ok: { workingDays: number } | { deadline: string } } | { problem: string } {
  if (d.mode === 'days') {
    const n = wholeDays(d.days);
    if (!(n >= 1 && n <= 365)) return { problem: 'deadline.badDays' };
    return { ok: { workingDays: n } };
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d.date) || Number.isNaN(Date.parse(d.date))) return { problem: 'deadline.badDate' };
  if (d.date < today) return { problem: 'deadline.past' };
  return { ok: { deadline: d.date } };
}

/** The date n working days after today, for the preview; null when n is not a valid count. */
export function previewDeadline(days: DeadlineInput['days'], today: string, calendar: WorkCalendar): string | null {
  const n = wholeDays(days);
  return n >= 1 && n <= 365 ? addWorkingDays(today, n, calendar) : null;
}
