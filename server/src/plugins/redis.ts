// Redis connections. BullMQ wants maxRetriesPerRequest: null on connections it
// blocks on; plain commands (rate limit, lockouts) get a fail-fast one.
import { Redis } from 'ioredis';

export function createRedis(url: string, opts: { forQueue?: boolean } = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: opts.forQueue ? null : 2,
    enableOfflineQueue: true,
    lazyConnect: false,
  });
}
