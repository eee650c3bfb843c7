// The lockout's bookkeeping in Redis: unknown codes per source within a
// window, and the lock a source earns by collecting too many. The lock is
// read with the source's rate limit, in the same Redis call
// (plugins/rate-limit.ts). Only counters: with Redis gone there is no
// lockout, and voting goes on.
import type { Redis } from 'ioredis';

const missKey = (prefix: string, sourceHash: Buffer) => `${prefix}:miss:${sourceHash.toString('hex')}`;

export const lockoutCache = {
  lockKey: (prefix: string, sourceHash: Buffer) => `${prefix}:lock:${sourceHash.toString('hex')}`,
  /** Counts one more unknown code within the window; locks the source for the window at `limit`. */
  async noteMiss(redis: Redis, prefix: string, sourceHash: Buffer, windowSeconds: number, limit: number) {
    const [[, misses]] = (await redis.multi().incr(missKey(prefix, sourceHash)).expire(missKey(prefix, sourceHash), windowSeconds, 'NX').exec()) as [[null, number]];
    if (misses >= limit) await redis.set(lockoutCache.lockKey(prefix, sourceHash), '1', 'EX', windowSeconds);
  },
};
