// Boots one role: `all` (the embedded default: api and worker in one process),
// `api` or `worker`. `npm start -- api` picks one.
// `main.js reset-admin-password [username]` is the way back in when the admin's
// password is lost (npm run reset-admin-password).
import { loadConfig, ROLES, type Role } from './config.js';
import { createContext } from './context.js';
import { buildApp } from './app.js';
import { startWorker } from './jobs/worker.js';
import { locateRedis } from './infra/redis-locate.js';
import { listenForMetrics } from './jobs/metrics-server.js';
import { ensureFirstAdmin } from './modules/auth/auth.service.js';
import { demoLinks, seedDemoIfWanted } from './demo/seed.js';
import { banner } from './banner.js';
import { resetAdminPassword } from './reset-password.js';

/** Under Docker's 10 s between SIGTERM and SIGKILL. */
const STOP_WITHIN_MS = 8_000;

async function main() {
  const arg = process.argv[2] ?? 'all';
  if (arg === 'reset-admin-password') return resetAdminPassword(loadConfig(process.env, 'api'), process.argv[3] ?? 'admin');
  if (!ROLES.includes(arg as Role)) throw new Error(`Unknown role "${arg}"; use one of: ${ROLES.join(', ')} (or reset-admin-password)`);
  const config = loadConfig(process.env, arg as Role);
  if (!config.databaseUrl && config.role !== 'all') {
    throw new Error('The embedded database lives in one process: run the api and worker roles separately only with DATABASE_URL set.');
  }
  const redis = await locateRedis(config.redisUrl, config.dataDir);
  // Only one role migrates when both run: the api (or all).
  const ctx = await createContext(config, { redisUrl: redis.url, migrate: config.role !== 'worker' });
  const app = await buildApp(ctx);
  const log = app.log;

  let admin: { username: string; password: string } | null = null;
  let demo = false;
  if (config.role !== 'worker') {
    admin = await ensureFirstAdmin(ctx);
    // Before the worker and the listener: the demo's ballots are taken in by
    // the worker's own function in order, and nobody votes on half a demo.
    if (config.role === 'all') demo = await seedDemoIfWanted(ctx, log);
  }
  const worker = config.role === 'api' ? null : await startWorker(ctx, redis.url, log);
  if (config.role !== 'worker') {
    await app.listen({ host: config.host, port: config.port });
  } else if (config.workerMetricsPort) {
    await listenForMetrics(ctx, config.host, config.workerMetricsPort);
  }

  if (config.role !== 'worker') {
    const links = demo ? await demoLinks(ctx) : null;
    console.log(await banner(config, { storage: ctx.database.kind === 'pglite' ? `embedded PostgreSQL in ${config.dataDir}` : 'PostgreSQL', redis: redis.url, admin, links }));
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // On PostgreSQL, whatever still hangs after this long ends with the
    // process: every ballot answered "accepted" is committed, and an open
    // transaction rolls back. Not on PGlite: its files must be closed, or the
    // next start may not open them; its stop waits for nothing outside.
    if (ctx.database.kind === 'postgres') {
      setTimeout(() => {
        console.error(`Still stopping after ${STOP_WITHIN_MS / 1000} s; exiting`);
        redis.stop?.();
        process.exit(1);
      }, STOP_WITHIN_MS).unref();
    }
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
