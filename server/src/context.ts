// Everything a role needs, opened once: database, Redis, queues, secrets.
// Tests build the same context against their own database and key prefix.
import type { Redis } from 'ioredis';
import type { Config } from './config.js';
import { openDatabase, runMigrations, type Database } from './db/client.js';
import { createRedis } from './plugins/redis.js';
import { createJobQueue, type JobQueue } from './plugins/queue.js';
import { createSecrets, resolveSecret, type Secrets } from './lib/secrets.js';
import { createMetrics, type Metrics } from './plugins/metrics.js';

export interface Context {
  config: Config;
  database: Database;
  redis: Redis;
  queueRedis: Redis;
  queue: JobQueue;
  secrets: Secrets;
  metrics: Metrics;
  close(): Promise<void>;
}

export async function createContext(config: Config, opts: { redisUrl: string; migrate?: boolean }): Promise<Context> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.dbPoolSize });
  if (opts.migrate !== false) await runMigrations(database, { ownerUrl: config.migrationDatabaseUrl });
  const redis = createRedis(opts.redisUrl);
  const queueRedis = createRedis(opts.redisUrl, { forQueue: true });
  const queue = createJobQueue(queueRedis, config.redisPrefix);
  const secrets = createSecrets(resolveSecret(config.appSecret, config.dataDir));
  const metrics = createMetrics();
  return {
    config,
    database,
    redis,
    queueRedis,
    queue,
    secrets,
    metrics,
    async close() {
      await queue.close().catch(() => {});
      redis.disconnect();
      queueRedis.disconnect();
      await database.close();
    },
  };
}
