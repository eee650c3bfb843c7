// Readiness and the queue gauges: used by the api's routes and by the
// worker's own small metrics server.
import type { Context } from '../../context.js';
import { opsRepo } from './ops.repo.js';

/** The queue-depth gauges, read afresh for a scrape. */
export async function refreshQueueGauges(ctx: Context) {
  try {
    for (const { queue, counts } of await opsRepo.queueDepths(ctx.queue)) {
      for (const [state, n] of Object.entries(counts)) ctx.metrics.queueDepth.set({ queue, state }, n);
    }
  } catch {
    // Redis down: the gauges keep their last values, and the metrics still answer.
  }
}

// A process whose database requests hang (a connection that never comes back,
// PGlite's one connection held) must not look ready: a probe that waits with
// them would hang too, so each check races a timer.
export const READY_WITHIN_MS = 2000;

const TOO_LATE = `no answer within ${READY_WITHIN_MS / 1000} s`;

function answersInTime<T>(check: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(TOO_LATE)), READY_WITHIN_MS);
  });
  // The check keeps running after a timeout; its late failure is of no interest.
  check.catch(() => {});
  return Promise.race([check, late]).finally(() => clearTimeout(timer));
}

// The probe is public: it says which dependency failed and how, never the driver's message.
const reason = (c: PromiseSettledResult<unknown>) => (c.status === 'rejected' && c.reason instanceof Error && c.reason.message === TOO_LATE ? TOO_LATE : 'unavailable');

/** Whether PostgreSQL and Redis answer in time; for each that does not, why. */
export async function readiness(ctx: Context) {
  const checks = await Promise.allSettled([answersInTime(opsRepo.pingDatabase(ctx.database)), answersInTime(opsRepo.pingRedis(ctx.redis))]);
  const [postgres, redis] = checks.map((c) => c.status === 'fulfilled');
  const details = (['postgres', 'redis'] as const).flatMap((path, i) => (checks[i].status === 'fulfilled' ? [] : [{ path, message: reason(checks[i]) }]));
  return { postgres, redis, details };
}
