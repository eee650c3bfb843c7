// The office's working-day calendar: weekends, its holidays, its make-up days.
import { addWorkingDays, DEFAULT_TASK_WORKING_DAYS, type WorkCalendar } from '@minping/shared/workdays';
import type { Context } from '../../context.js';
import type { Queryable } from '../../infra/db.js';
import { shanghaiDate } from '../../lib/time.js';
import { audit } from '../audit/audit.repo.js';
import { holidaysRepo } from './holidays.repo.js';

export async function loadCalendar(on: Queryable): Promise<WorkCalendar> {
  const rows = await holidaysRepo.all(on);
  return { holidays: new Set(rows.filter((r) => !r.workday).map((r) => r.day)), workdays: new Set(rows.filter((r) => r.workday).map((r) => r.day)) };
}

export async function deadlineFrom(on: Queryable, workingDays = DEFAULT_TASK_WORKING_DAYS, from = shanghaiDate(new Date())): Promise<string> {
  return addWorkingDays(from, workingDays, await loadCalendar(on));
}

export function listHolidays(ctx: Context) {
  return holidaysRepo.list(ctx.database);
}

/**
 * Replaces the list for the years the given days fall in; other years stay as
 * they are, and the new list is returned. Two replacements at once (an office
 * clicking twice, two tabs) take turns on a table lock, so the last one wins
 * whole (and the insert is an upsert besides). A day given twice in one list
 * counts once, as given last.
 */
export async function setHolidays(ctx: Context, userId: number, given: { day: string; name: string; workday: boolean }[]) {
  const days = [...new Map(given.map((d) => [d.day, d])).values()];
  const years = [...new Set(days.map((d) => d.day.slice(0, 4)))];
  await ctx.database.transaction(async (tx) => {
    await holidaysRepo.lockForWriting(tx);
    await holidaysRepo.deleteYears(tx, years);
    await holidaysRepo.upsert(tx, userId, days);
    await audit(tx, { userId, action: 'holidays.set', target: years.join(','), detail: { days: days.length } });
  });
  return listHolidays(ctx);
}
