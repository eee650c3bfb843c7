// The producer side of the queues. Whatever is enqueued can also be found
// again from PostgreSQL (see jobs/reconcile.ts), so losing Redis loses nothing.
// The connection is a 'producer' one (infra/redis.ts): with Redis gone, add()
// fails at once instead of waiting for a reconnect.
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { JOB_QUEUE, QUEUES, jobPayloads, type JobName, type JobPayload } from '@minping/shared/jobs';

export interface JobQueue {
  queues: Record<keyof typeof QUEUES, Queue>;
  add<N extends JobName>(name: N, payload: JobPayload<N>, opts?: JobsOptions): Promise<void>;
  close(): Promise<void>;
}

const DEFAULTS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: { count: 1000 },
  removeOnFail: { count: 5000 },
};

export function createJobQueue(connection: Redis, prefix: string): JobQueue {
  const queues = Object.fromEntries(
    Object.entries(QUEUES).map(([k, name]) => [k, new Queue(name, { connection, prefix, defaultJobOptions: DEFAULTS })]),
  ) as Record<keyof typeof QUEUES, Queue>;
  // A Queue re-emits its connection's errors and prints them when nobody
  // listens; the connection itself reports an outage once (infra/redis.ts).
  for (const q of Object.values(queues)) q.on('error', () => {});
  return {
    queues,
    async add(name, payload, opts) {
      const data = jobPayloads[name].parse(payload);
      // BullMQ waits for a first connection however long it takes; fail now instead.
      if (connection.status !== 'ready') throw new Error(`Redis not connected (${connection.status})`); // each caller says what comes of it
      await queues[JOB_QUEUE[name]].add(name, data, opts);
    },
    async close() {
      await Promise.all(Object.values(queues).map((q) => q.close()));
    },
  };
}
