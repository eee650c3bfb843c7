// One isolated platform per test file: its own database (cloned from the
// template), its own Redis key prefix, the real app and, when asked, a worker.
// TEST_DB (set by the vitest project) picks the database: postgres (default,
// a pool of 20), pool1 (PostgreSQL with one connection) or pglite (the
// embedded default). With one connection, code that waits for a second one
// while holding the first hangs at once instead of under load.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../../server/src/config.js';
import { createContext, type Context } from '../../server/src/context.js';
import { buildApp } from '../../server/src/app.js';
import { startWorker, type WorkerRole } from '../../server/src/jobs/worker.js';
import { createUser } from '../../server/src/modules/auth/auth.service.js';
import { inject } from 'vitest';
import { ADMIN_URL, REDIS_URL, dbUrl } from './env.js';

export const EXAMPLE_SPEC = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/campaign.example.json'), 'utf8'));
export const ADMIN_PASSWORD = 'test-admin-password';

export interface Harness {
  ctx: Context;
  app: FastifyInstance;
  config: Config;
  dbName: string;
  /** The database's URL; empty on PGlite. */
  databaseUrl: string;
  redisPrefix: string;
  /** A session cookie of the admin user. */
  adminCookie: string;
  inject(opts: InjectOptions): Promise<LightMyRequestResponse>;
  admin(opts: InjectOptions): Promise<LightMyRequestResponse>;
  startWorker(): Promise<WorkerRole>;
  close(): Promise<void>;
}

export type TestDb = 'postgres' | 'pool1' | 'pglite';
export const TEST_DB: TestDb = ((): TestDb => {
  const v = process.env.TEST_DB ?? 'postgres';
  if (v !== 'postgres' && v !== 'pool1' && v !== 'pglite') throw new Error(`TEST_DB must be postgres, pool1 or pglite, not "${v}"`);
  return v;
})();

/** A PGlite data directory copied from the migrated template (initdb takes a minute on a busy machine). */
function pgliteDataDir(): string {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minping-pglite-'));
  fs.cpSync(path.join(inject('pgliteTemplate'), 'pglite'), path.join(dataDir, 'pglite'), { recursive: true });
  return dataDir;
}

/**
 * redisUrl: another Redis than the shared one, e.g. one a test stops and starts.
 * appRole: the app connects as a fresh login role that owns nothing, and
 * migrates as the database's owner (MIGRATION_DATABASE_URL), as a deployment does.
 */
export async function createHarness(env: Record<string, string> = {}, opts: { redisUrl?: string; appRole?: boolean } = {}): Promise<Harness> {
  const redisUrl = opts.redisUrl ?? REDIS_URL;
  const id = crypto.randomBytes(5).toString('hex');
  const dbName = `minping_t_${inject('runId')}_${id}`;
  const onPglite = TEST_DB === 'pglite';
  const dataDir = onPglite ? pgliteDataDir() : null;
  // TEST_APP_ROLE=1 runs every test file this way: the whole suite as a role that owns nothing.
  const appRole = !onPglite && (opts.appRole ?? process.env.TEST_APP_ROLE === '1') ? `minping_app_${inject('runId')}_${id}` : null;
  if (!onPglite) {
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`create database "${dbName}" template "${inject('templateDb')}"`);
    if (appRole) await admin.query(`create role "${appRole}" login password '${id}'`);
    await admin.end();
  }
  const redisPrefix = `minping-test-${id}`;
  const databaseUrl = onPglite ? '' : dbUrl(dbName);
  const config = loadConfig({
    ...(dataDir ? { DATA_DIR: dataDir } : { DATABASE_URL: appRole ? dbUrl(dbName, { user: appRole, password: id }) : databaseUrl }),
    ...(appRole ? { MIGRATION_DATABASE_URL: databaseUrl } : {}),
    ...(TEST_DB === 'pool1' ? { DB_POOL_SIZE: '1' } : {}),
    REDIS_URL: redisUrl,
    REDIS_PREFIX: redisPrefix,
    APP_SECRET: `test-secret-${id}-0123456789abcdefghijklmnop`,
    PUBLIC_URL: 'http://vote.example.test',
    RECOMPUTE_DEBOUNCE_MS: '50',
    RECONCILE_EVERY_MS: '200',
    RECONCILE_AFTER_MS: '500',
    LOG_LEVEL: 'silent',
    DEMO: 'false',
    ...env,
  });
  // The template is migrated already; with an app role the (empty) migration run grants it its rights.
  const ctx = await createContext(config, { redisUrl, migrate: Boolean(appRole) });
  const app = await buildApp(ctx, { logger: false });
  await app.ready();
  await createUser(ctx, { username: 'admin', password: ADMIN_PASSWORD, role: 'admin' });
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
  const adminCookie = String(login.headers['set-cookie']).split(';')[0];
  const workers: WorkerRole[] = [];
  const silent = { info() {}, error() {} };
  return {
    ctx,
    app,
    config,
    dbName,
    databaseUrl,
    redisPrefix,
    adminCookie,
    inject: (opts) => app.inject(opts),
    admin: (opts) => app.inject({ ...opts, headers: { ...(opts.headers ?? {}), cookie: adminCookie } }),
    async startWorker() {
      const w = await startWorker(ctx, redisUrl, silent);
      workers.push(w);
      return w;
    },
    async close() {
      for (const w of workers) await w.close().catch(() => {});
      await app.close();
      await Promise.all(Object.values(ctx.queue.queues).map((q) => q.obliterate({ force: true }).catch(() => {})));
      const keys = await ctx.redis.keys(`${redisPrefix}*`);
      if (keys.length) await ctx.redis.del(...keys);
      await ctx.close();
      if (dataDir) {
        fs.rmSync(dataDir, { recursive: true, force: true });
        return;
      }
      const a = new pg.Client({ connectionString: ADMIN_URL });
      await a.connect();
      await a.query(`drop database if exists "${dbName}" with (force)`);
      if (appRole) await a.query(`drop role if exists "${appRole}"`);
      await a.end();
    },
  };
}

/** A password that passes the rules, for people who set their own in tests. */
export const chosenPassword = (username: string) => `Kiwi-lantern ${username.split('').reverse().join('')} 7 moss`;

/**
 * Logs in with a one-time password and sets the user's own one, as the console
 * makes them do at first login; returns the session cookie (a fresh one).
 */
export async function firstLogin(h: Pick<Harness, 'inject'>, username: string, oneTimePassword: string): Promise<string> {
  const login = await h.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: oneTimePassword } });
  if (login.statusCode !== 200) throw new Error(`login failed: ${login.body}`);
  const cookie = String(login.headers['set-cookie']).split(';')[0];
  const changed = await h.inject({ method: 'POST', url: '/api/v1/me/password', payload: { current: oneTimePassword, next: chosenPassword(username) }, headers: { cookie } });
  if (changed.statusCode !== 204) throw new Error(`password change failed: ${changed.body}`);
  // The change ends every session and hands out a fresh one (asserted in accounts.test.ts).
  return changed.headers['set-cookie'] ? String(changed.headers['set-cookie']).split(';')[0] : cookie;
}

/** Imports a spec (default: the example), opens it, returns the campaign key. */
export async function openCampaign(h: Harness, spec: unknown = EXAMPLE_SPEC): Promise<string> {
  const imported = await h.admin({ method: 'POST', url: '/api/v1/campaigns/import', payload: spec as object });
  if (imported.statusCode >= 300) throw new Error(`import failed: ${imported.body}`);
  const key = imported.json().campaign.key;
  const opened = await h.admin({ method: 'POST', url: `/api/v1/campaigns/${key}/status`, payload: { status: 'open' } });
  if (opened.statusCode !== 200) throw new Error(`open failed: ${opened.body}`);
  return key;
}

/** Creates a batch and returns its plain codes (via the CSV export, as an admin would). */
export async function issueCodes(h: Harness, key: string, questionnaire: string, group: string, size: number): Promise<{ batchId: number; codes: string[] }> {
  const res = await h.admin({ method: 'POST', url: `/api/v1/campaigns/${key}/code-batches`, payload: { questionnaire, group, size } });
  if (res.statusCode !== 201) throw new Error(`batch failed: ${res.body}`);
  const batchId = res.json().id;
  const csv = await h.admin({ method: 'GET', url: `/api/v1/campaigns/${key}/code-batches/${batchId}/codes.csv` });
  const codes = csv.body.replace(/^\ufeff/, '').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
  return { batchId, codes };
}

/** Polls until every accepted ballot has been taken in by a worker. */
export async function drained(h: Harness, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [r] = await h.ctx.database.query<{ n: number }>(`select count(*)::int as n from ballots where processed_at is null`);
    if (Number(r.n) === 0) return;
    if (Date.now() > until) throw new Error(`${r.n} ballots still unprocessed`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

export function ballotFor(units: string[], option: string | ((i: number) => string), extra: object = {}) {
  return {
    ratings: Object.fromEntries(units.map((u, i) => [u, typeof option === 'string' ? option : option(i)])),
    answeringMs: 60_000,
    deviceId: crypto.randomUUID(),
    ...extra,
  };
}
