// The daily job: tasks past their deadline turn overdue, and every overdue or
// soon-due task gets a reminder recorded in the outbox (once per task, kind
// and day, so a re-run sends nothing twice). Delivery by e-mail or SMS can
// read the unsent rows later; the record of every reminder is already real.
import { addWorkingDays } from '@minping/shared/workdays';
import type { Context } from '../../context.js';
import { shanghaiDate } from '../../lib/time.js';
import { loadCalendar } from './calendar.js';

export const DUE_SOON_WORKING_DAYS = 2;

export async function markOverdue(ctx: Context, now = new Date()): Promise<{ overdue: number; reminders: number }> {
  return ctx.database.transaction(async ({ query: q }) => {
    const today = shanghaiDate(now);
    const soon = addWorkingDays(today, DUE_SOON_WORKING_DAYS, await loadCalendar(q));
    const newlyOverdue = await q<{ id: number }>(
      `update tasks set overdue_at = $2 where removed_at is null and status in ('open', 'returned') and deadline < $1::date and overdue_at is null returning id`,
      [today, now],
    );
    for (const t of newlyOverdue) await q(`insert into task_events (task_id, action, note) values ($1, 'overdue', $2)`, [t.id, `deadline passed (${today})`]);
    const reminders = await q<{ id: number }>(
      `insert into reminder_outbox (task_id, unit_key, kind, day, message)
       select t.id, t.unit_key, case when t.deadline < $1::date then 'overdue' else 'due-soon' end, $1::date,
              case when t.deadline < $1::date
                   then format('整改任务“%s”已于 %s 逾期，请尽快办理并反馈。Task "%s" is overdue since %s.', t.title, t.deadline, t.title, t.deadline)
                   else format('整改任务“%s”将于 %s 到期。Task "%s" is due on %s.', t.title, t.deadline, t.title, t.deadline) end
         from tasks t
        where t.removed_at is null and t.status in ('open', 'returned') and t.deadline <= $2::date
       on conflict (task_id, kind, day) do nothing returning id`,
      [today, soon],
    );
    for (const r of reminders) {
      await q(`insert into task_events (task_id, action, note) select task_id, 'reminded', kind from reminder_outbox where id = $1`, [r.id]);
    }
    return { overdue: newlyOverdue.length, reminders: reminders.length };
  });
}
