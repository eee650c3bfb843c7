// Everything a role needs, opened once: database, Redis, queues, secrets.
// Tests build the same context against their own database and key prefix.
import type { Redis } from 'ioredis';
import type { Config } from './config.js';
import { openDatabase, runMigrations, type Database } from './infra/db.js';
import { createRedis, firstReady, type RedisWarn } from './infra/redis.js';
import { createJobQueue, type JobQueue } from './infra/queue.js';
import { createSecrets, resolveSecret, type Secrets } from './lib/secrets.js';
import { createMetrics, type Metrics } from './infra/metrics.js';
import { changeFeed, type ChangeFeed } from './infra/changes.js';

export interface Context {
  config: Config;
  database: Database;
  redis: Redis;
  queueRedis: Redis;
  queue: JobQueue;
  secrets: Secrets;
  metrics: Metrics;
  /** Reads kept in memory until PostgreSQL says what they rest on changed; started by the api (buildApp). */
  changes: ChangeFeed;
  close(): Promise<void>;
}

/** One log line (pino's shape, at warn) when Redis goes away and one when it is back. */
export function redisWarner(config: Config): RedisWarn {
  const quiet = ['silent', 'fatal', 'error'].includes(config.logLevel);
  return (msg) => {
    if (!quiet) process.stdout.write(`${JSON.stringify({ level: 40, time: Date.now(), msg })}\n`);
  };
}

export async function createContext(config: Config, opts: { redisUrl: string; migrate?: boolean }): Promise<Context> {
  const warn = redisWarner(config);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
    // Work queued after a commit is recoverable from the database (the reconciler), so its failure is a line in the log.
    afterCommitFailed: (err) => warn(`work after a commit failed (the reconciler will redo it): ${err instanceof Error ? err.message : String(err)}`),
  });
  if (opts.migrate !== false) await runMigrations(database, { ownerUrl: config.migrationDatabaseUrl });
  const redis = createRedis(opts.redisUrl, 'command', warn);
  const queueRedis = createRedis(opts.redisUrl, 'producer', warn);
  const queue = createJobQueue(queueRedis, config.redisPrefix);
  // Commands fail at once while not connected: give the first connection a
  // moment, so the first requests after start find Redis (if it is there).
  await Promise.all([firstReady(redis), firstReady(queueRedis)]);
  const secrets = createSecrets(resolveSecret(config.appSecret, config.dataDir));
  const metrics = createMetrics();
  const changes = changeFeed(database);
  return {
    config,
    database,
    redis,
    queueRedis,
    queue,
    secrets,
    metrics,
    changes,
    async close() {
      await changes.stop();
      await queue.close().catch(() => {});
      redis.disconnect();
      queueRedis.disconnect();
      await database.close();
    },
  };
}
