// Redis keeps nothing on disk here, and workers crash: PostgreSQL is the
// record of what is still to do. Every few seconds this finds accepted
// ballots the worker has not taken in, batches still being generated, and
// campaigns whose inputs changed after their last result, and queues them
// again. Job ids make a re-queue of something already queued a no-op, and the
// handlers are idempotent, so running this too often costs nothing but a query.
import type { Context } from '../context.js';
import { ballotsQueue } from '../modules/ballots/ballots.queue.js';
import { ballotsRepo } from '../modules/ballots/ballots.repo.js';
import { codesQueue } from '../modules/codes/codes.queue.js';
import { codesRepo } from '../modules/codes/codes.repo.js';
import { requestRecompute } from '../modules/results/recompute.service.js';
import { resultsRepo } from '../modules/results/results.repo.js';
import { dailyQueue } from './daily.queue.js';

const CHUNK = 1000;

export async function reconcileOnce(ctx: Context, opts: { olderThanMs?: number } = {}): Promise<{ ballots: number; batches: number; campaigns: number }> {
  const olderThanMs = opts.olderThanMs ?? ctx.config.reconcileAfterMs;
  // One bounded pass per tick; the next tick takes the rest.
  const stale = await ballotsRepo.stale(ctx.database, olderThanMs, 20 * CHUNK);
  for (let i = 0; i < stale.length; i += CHUNK) {
    await ballotsQueue.requeue(ctx.queue, stale.slice(i, i + CHUNK).map((r) => r.id));
  }
  const ballots = stale.length;
  // Only batches nobody is filling (their filler's lease lapsed); the job takes the batch over.
  const batches = await codesRepo.unfinishedBatches(ctx.database);
  for (const b of batches) await codesQueue.generate(ctx.queue, b.id, b.claims);
  await scheduleDailyJobs(ctx);
  const campaigns = await resultsRepo.staleResults(ctx.database);
  // Failures here are thrown: this is the recovery, and the next tick tries again.
  for (const c of campaigns) await requestRecompute(ctx, Number(c.id));
  return { ballots, batches: batches.length, campaigns: campaigns.length };
}

/**
 * The overdue check runs every morning at 08:00 Shanghai time. The schedule
 * lives in Redis, so it is declared again on every tick: after a wipe it is
 * back within seconds (upserting an unchanged schedule changes nothing).
 */
export async function scheduleDailyJobs(ctx: Context) {
  await dailyQueue.schedule(ctx.queue);
  // A morning missed while no worker ran is made up once that day (the job is idempotent).
  await dailyQueue.today(ctx.queue);
}

export function startReconciler(ctx: Context, log: (msg: string, extra?: object) => void): () => void {
  let running = false;
  let failing = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      const r = await reconcileOnce(ctx);
      if (r.ballots || r.batches) log('reconciler re-queued work', r);
      if (failing) log('reconciler running again');
      failing = false;
    } catch (err) {
      // Redis down fails every tick until it is back: say so once.
      if (!failing) log('reconciler failed', { err: String(err) });
      failing = true;
    } finally {
      running = false;
    }
  }, ctx.config.reconcileEveryMs);
  timer.unref();
  return () => clearInterval(timer);
}
