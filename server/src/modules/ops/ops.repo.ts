// What the probes and the metrics ask of PostgreSQL, Redis and the queues.
import type { Redis } from 'ioredis';
import type { Queue } from 'bullmq';
import type { Queryable } from '../../infra/db.js';
import type { JobQueue } from '../../infra/queue.js';

export const opsRepo = {
  pingDatabase: (db: Queryable) => db.query('select 1'),
  pingRedis: (redis: Redis) => redis.ping(),
  /** Jobs per state, queue by queue. */
  async queueDepths(queue: JobQueue): Promise<{ queue: string; counts: Record<string, number> }[]> {
    const depths = [];
    for (const [name, q] of Object.entries(queue.queues)) depths.push({ queue: name, counts: await q.getJobCounts('waiting', 'active', 'delayed', 'failed') });
    return depths;
  },
  /** The queues themselves, for the queue board. */
  boardQueues: (queue: JobQueue): Queue[] => Object.values(queue.queues),
};
