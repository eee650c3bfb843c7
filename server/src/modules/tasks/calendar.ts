// The office's working-day calendar: weekends, its holidays, its make-up days.
import { addWorkingDays, DEFAULT_TASK_WORKING_DAYS, type WorkCalendar } from '@minping/shared/workdays';
import type { Query } from '../../infra/db.js';
import { shanghaiDate } from '../../lib/time.js';
import { audit } from '../audit/audit.repo.js';

export async function loadCalendar(q: Query): Promise<WorkCalendar> {
  const rows = await q<{ day: string; workday: boolean }>(`select day::text as day, workday from holidays`);
  return { holidays: new Set(rows.filter((r) => !r.workday).map((r) => r.day)), workdays: new Set(rows.filter((r) => r.workday).map((r) => r.day)) };
}

export async function deadlineFrom(q: Query, workingDays = DEFAULT_TASK_WORKING_DAYS, from = shanghaiDate(new Date())): Promise<string> {
  return addWorkingDays(from, workingDays, await loadCalendar(q));
}

export async function listHolidays(q: Query) {
  return q<{ day: string; name: string; workday: boolean }>(`select day::text as day, name, workday from holidays order by day`);
}

/**
 * Replaces the list for the years the given days fall in; other years stay as they are.
 * Two replacements at once (an office clicking twice, two tabs) take turns on a
 * table lock, so the last one wins whole (and the insert is an upsert besides).
 * A day given twice in one list counts once, as given last.
 */
export async function setHolidays(q: Query, userId: number, given: { day: string; name: string; workday: boolean }[]) {
  const days = [...new Map(given.map((d) => [d.day, d])).values()];
  const years = [...new Set(days.map((d) => d.day.slice(0, 4)))];
  // Blocks other writers of the table until commit, not its readers.
  await q(`lock table holidays in share row exclusive mode`);
  await q(`delete from holidays where substr(day::text, 1, 4) = any($1::text[])`, [years]);
  if (days.length) {
    await q(
      `insert into holidays (day, name, workday, updated_by) select d::date, n, w, $4 from unnest($1::text[], $2::text[], $3::boolean[]) as t(d, n, w)
       on conflict (day) do update set name = excluded.name, workday = excluded.workday, updated_by = excluded.updated_by, updated_at = now()`,
      [days.map((d) => d.day), days.map((d) => d.name), days.map((d) => d.workday), userId],
    );
  }
  await audit(q, { userId, action: 'holidays.set', target: years.join(','), detail: { days: days.length } });
}
