// The lockout's bookkeeping in Redis: unknown codes per source within a
// window, and the lock a source earns by collecting too many. Only counters:
// with Redis gone there is no lockout, and voting goes on.
import type { Redis } from 'ioredis';

const lockKey = (prefix: string, addressHash: Buffer) => `${prefix}:lock:${addressHash.toString('hex')}`;
const missKey = (prefix: string, addressHash: Buffer) => `${prefix}:miss:${addressHash.toString('hex')}`;

export const lockoutCache = {
  /** Seconds the source stays locked; not positive when it is not (or Redis does not answer). */
  secondsLeft: (redis: Redis, prefix: string, addressHash: Buffer) => redis.ttl(lockKey(prefix, addressHash)).catch(() => -2),
  /** Counts one more unknown code within the window; locks the source for the window at `limit`. */
  async noteMiss(redis: Redis, prefix: string, addressHash: Buffer, windowSeconds: number, limit: number) {
    const [[, misses]] = (await redis.multi().incr(missKey(prefix, addressHash)).expire(missKey(prefix, addressHash), windowSeconds, 'NX').exec()) as [[null, number]];
    if (misses >= limit) await redis.set(lockKey(prefix, addressHash), '1', 'EX', windowSeconds);
  },
};
