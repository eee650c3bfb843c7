// The daily queue: the morning overdue check. The schedule lives in Redis,
// which may be wiped, so it is declared again on every reconciler tick.
import type { JobQueue } from '../infra/queue.js';
import { shanghaiDate } from '../lib/time.js';

export const dailyQueue = {
  /** Every morning at 08:00 Shanghai time (upserting an unchanged schedule changes nothing). */
  schedule: (queue: JobQueue) =>
    queue.queues.daily.upsertJobScheduler('mark-overdue', { pattern: '0 8 * * *', tz: 'Asia/Shanghai' }, { name: 'mark-overdue', data: {} }),
  /** Today's check, once a day whatever the time: the date names the job. */
  today: (queue: JobQueue, now = new Date()) => queue.add('mark-overdue', {}, { jobId: `overdue-${shanghaiDate(now)}` }),
};
