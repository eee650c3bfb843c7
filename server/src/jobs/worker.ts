// The worker role: BullMQ workers for every queue, plus the reconciler (and,
// on the embedded database, the tables' upkeep autovacuum does elsewhere).
import { Worker } from 'bullmq';
import { redisWarner, type Context } from '../context.js';
import { createRedis } from '../infra/redis.js';
import { QUEUES } from '@minping/shared/jobs';
import { checkRegistry, runJob } from './registry.js';
import { scheduleDailyJobs, startReconciler } from './reconcile.js';
import { startTableUpkeep } from '../infra/table-upkeep.js';

export interface WorkerRole {
  close(): Promise<void>;
}

/** How long a worker's close may wait for its jobs before it is dropped. */
const GRACEFUL_CLOSE_MS = 5_000;

const CONCURRENCY: Record<keyof typeof QUEUES, number> = { ballots: 2, scores: 1, codes: 1, daily: 1 };

export async function startWorker(ctx: Context, redisUrl: string, log: { info(o: object, m: string): void; error(o: object, m: string): void }): Promise<WorkerRole> {
  checkRegistry();
  const connections = Object.keys(QUEUES).map(() => createRedis(redisUrl, 'worker', redisWarner(ctx.config)));
  const workers = Object.entries(QUEUES).map(([key, name], i) => {
    const w = new Worker(name, (job) => runJob(ctx, job), {
      connection: connections[i],
      prefix: ctx.config.redisPrefix,
      concurrency: ctx.database.kind === 'pglite' ? 1 : CONCURRENCY[key as keyof typeof QUEUES],
    });
    w.on('completed', (job) => ctx.metrics.jobLatency.observe({ job: job.name }, (Date.now() - job.timestamp) / 1000));
    w.on('failed', (job, err) => log.error({ job: job?.name, id: job?.id, err: err.message }, 'job failed'));
    // Once per outage, not once per reconnect attempt.
    let reported = false;
    connections[i].on('ready', () => (reported = false));
    w.on('error', (err) => {
      if (reported) return;
      reported = true;
      log.error({ err: err.message }, 'worker error');
    });
    return w;
  });
  // Not awaited as a condition of starting: the reconciler declares the schedule again on every tick,
  // and a Redis that is down or slow just now must not stop the process (awaited, a start with Redis
  // down never got to listen: test/integration/first-run.test.ts).
  void scheduleDailyJobs(ctx).catch((err: Error) => log.error({ err: err.message }, 'daily jobs not scheduled yet; the reconciler retries'));
  const stopReconciler = startReconciler(ctx, (msg, extra) => log.info(extra ?? {}, msg));
  const stopTableUpkeep = startTableUpkeep(ctx.database, ctx.config.tableUpkeepEveryMs, log);
  return {
    async close() {
      stopReconciler();
      await stopTableUpkeep();
      // BullMQ's close lets running jobs finish and records them, but first
      // waits for its connection: with Redis gone, forever. A worker whose
      // connection is down, or whose close has not ended after a while, is
      // dropped instead. A job still running goes on until the database
      // closes (which waits for its transaction); what it did not record, the
      // lease or the reconciler takes up again, and jobs take only what is
      // still to do (processBallots takes unprocessed ballots only).
      await Promise.all(
        workers.map(async (w, i) => {
          if (connections[i].status === 'ready') {
            const graceful = w.close().then(() => true, () => true);
            if (await Promise.race([graceful, new Promise<false>((r) => setTimeout(() => r(false), GRACEFUL_CLOSE_MS).unref())])) return;
          }
          connections[i].disconnect();
          await w.close(true).catch(() => {});
        }),
      );
      connections.forEach((c) => c.disconnect());
    },
  };
}
