// Redis connections, by what waits on them.
//
// PostgreSQL is the record; Redis holds rate-limit counters, lockouts and the
// job queues, all of which may be lost. So nothing on the request path waits
// for Redis: with it gone, a command fails at once (no offline queue, where
// commands used to wait through reconnects — 15–31 s a vote request) or after
// a short timeout (a Redis that accepts but does not answer), and the caller
// goes on without it: limits fail open, jobs are re-queued by the reconciler.
//
// - 'command': rate limits, lockouts, /readyz.
// - 'producer': the BullMQ queues the api adds jobs to (BullMQ's "failing fast
//   when Redis is down" pattern: enableOfflineQueue false).
// - 'worker': BullMQ workers, which block on Redis by design and must wait
//   through reconnects: BullMQ requires maxRetriesPerRequest null there.
import { Redis, type RedisOptions } from 'ioredis';

export type RedisRole = 'command' | 'producer' | 'worker';

/**
 * Far above a healthy Redis's answer (sub-millisecond), also when a starved
 * process reads it late (the timer and the answer are looked at in the same
 * turn of the event loop, timer first); short for a voter to wait.
 */
export const REDIS_COMMAND_TIMEOUT_MS = 2000;

const OPTIONS: Record<RedisRole, RedisOptions> = {
  command: { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: REDIS_COMMAND_TIMEOUT_MS, connectTimeout: 2000 },
  producer: { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: REDIS_COMMAND_TIMEOUT_MS, connectTimeout: 2000 },
  worker: { enableOfflineQueue: true, maxRetriesPerRequest: null, connectTimeout: 2000 },
};

export type RedisWarn = (message: string) => void;

export function createRedis(url: string, role: RedisRole, warn: RedisWarn = () => {}): Redis {
  const client = new Redis(url, {
    ...OPTIONS[role],
    lazyConnect: false,
    // Reconnect forever, at most every 2 s: the backlog drains once Redis is back.
    retryStrategy: (times) => Math.min(times * 100, 2000),
  });
  // Without a listener every failed reconnect is an "[ioredis] Unhandled error
  // event" line; with one, an outage is one line when it starts and one when it ends.
  let down = false;
  client.on('error', (err: Error) => {
    if (down) return;
    down = true;
    warn(`Redis (${role}) unreachable, going on without it until it is back: ${err.message}`);
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    warn(`Redis (${role}) reachable again`);
  });
  return client;
}

/**
 * Waits (at most `ms`) for a client's first connection, so the first requests
 * after start find it ready; resolves either way, since Redis is optional.
 */
export function firstReady(client: Redis, ms = 3000): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    timer.unref();
    client.once('ready', done);
  });
}
