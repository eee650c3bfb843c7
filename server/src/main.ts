// Boots one role: `all` (the embedded default: api and worker in one process),
// `api` or `worker`. `npm start -- api` picks one.
import { loadConfig, ROLES, type Role } from './config.js';
import { createContext } from './context.js';
import { buildApp } from './app.js';
import { startWorker } from './jobs/worker.js';
import { locateRedis } from './infra/redis-locate.js';
import { listenForMetrics } from './jobs/metrics-server.js';
import { ensureFirstAdmin } from './modules/auth/auth.service.js';
import { seedDemoIfWanted } from './demo/seed.js';

async function main() {
  const arg = process.argv[2] ?? 'all';
  if (!ROLES.includes(arg as Role)) throw new Error(`Unknown role "${arg}"; use one of: ${ROLES.join(', ')}`);
  const config = loadConfig(process.env, arg as Role);
  if (!config.databaseUrl && config.role !== 'all') {
    throw new Error('The embedded database lives in one process: run the api and worker roles separately only with DATABASE_URL set.');
  }
  const redis = await locateRedis(config.redisUrl, config.dataDir);
  // Only one role migrates when both run: the api (or all).
  const ctx = await createContext(config, { redisUrl: redis.url, migrate: config.role !== 'worker' });
  const app = await buildApp(ctx);
  const log = app.log;
  const worker = config.role === 'api' ? null : await startWorker(ctx, redis.url, log);

  let admin: { username: string; password: string } | null = null;
  if (config.role !== 'worker') {
    admin = await ensureFirstAdmin(ctx);
    await app.listen({ host: config.host, port: config.port });
  } else if (config.workerMetricsPort) {
    await listenForMetrics(ctx, config.host, config.workerMetricsPort);
  }
  const demo = config.role === 'all' ? await seedDemoIfWanted(ctx, app, log) : null;

  if (config.role !== 'worker') {
    const lines = [
      '',
      `  网上民调 / 万人评机关 is running (${config.role}, ${ctx.database.kind === 'pglite' ? `embedded PostgreSQL in ${config.dataDir}` : 'PostgreSQL'}, Redis ${redis.url})`,
      `  Console:   ${config.publicUrl}/admin`,
      `  API docs:  ${config.publicUrl}/api/docs`,
    ];
    if (admin) lines.push(`  First admin (shown once, change it): ${admin.username} / ${admin.password}`);
    console.log(lines.join('\n'));
    if (demo) console.log(demo);
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.close().catch(() => {});
    await worker?.close().catch(() => {});
    await ctx.close().catch(() => {});
    redis.stop?.();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
