// The daily job: tasks past their deadline turn overdue, and every overdue or
// soon-due task gets a reminder recorded in the outbox (once per task, kind
// and day, so a re-run sends nothing twice). Delivery by e-mail or SMS can
// read the unsent rows later; the record of every reminder is already real.
import { addWorkingDays } from '@minping/shared/workdays';
import type { Context } from '../../context.js';
import { shanghaiDate } from '../../lib/time.js';
import { loadCalendar } from './calendar.js';
import { tasksRepo } from './tasks.repo.js';

export const DUE_SOON_WORKING_DAYS = 2;

export async function markOverdue(ctx: Context, now = new Date()): Promise<{ overdue: number; reminders: number }> {
  return ctx.database.transaction(async (tx) => {
    const today = shanghaiDate(now);
    const soon = addWorkingDays(today, DUE_SOON_WORKING_DAYS, await loadCalendar(tx));
    const newlyOverdue = await tasksRepo.markOverdue(tx, today, now);
    for (const t of newlyOverdue) await tasksRepo.event(tx, t.id, null, 'overdue', { code: 'DEADLINE_PASSED', params: { day: today } });
    const reminders = await tasksRepo.recordReminders(tx, today, soon);
    for (const r of reminders) await tasksRepo.remindedEvent(tx, r.id);
    return { overdue: newlyOverdue.length, reminders: reminders.length };
  });
}
