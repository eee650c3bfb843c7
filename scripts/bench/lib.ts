// What every benchmark shares: a fresh database, the api and worker as child
// processes (the deployed shape, not one embedded process), an admin session,
// a small HTTP client and the one-JSON-line-per-figure output. Everything a
// program starts it also stops; the database is dropped at the end.
// (Measuring memory and CPU is in measure.ts, the load client in load.ts.)
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import type { CampaignSpec } from '@minping/shared/spec';
import { openPostgres, runMigrations, type Database } from '../../server/src/infra/db.js';
import { createSecrets, type Secrets } from '../../server/src/lib/secrets.js';
import { freePort } from '../../server/src/infra/redis-locate.js';
import { createUser } from '../../server/src/modules/auth/auth.service.js';
import type { Context } from '../../server/src/context.js';
import { buildServer, OUTDIR } from '../build-server.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
// BENCH_DB lets two checkouts run a benchmark at once without dropping each other's database.
export const BENCH_DB = process.env.BENCH_DB ?? 'minping_bench';
export const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const APP_SECRET = 'bench-secret-0123456789abcdefghijklmnopqrstuvwxyz';
/** What the bench sends as Prometheus would (METRICS_TOKEN). */
export const METRICS_TOKEN = 'bench-metrics-token-0123456789';
const ADMIN_PASSWORD = 'bench-admin-password';

export function dbUrl(name: string): string {
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

// ---- output ------------------------------------------------------------------

export interface Figure {
  figure: string;
  value: number;
  unit: string;
  /** The target as the issue states it, e.g. ">= 5000" or "< 1000"; omitted for context figures. */
  target?: string;
  pass?: boolean;
  [extra: string]: unknown;
}

// A reader that stops early (`| head`) must not kill the run before it cleans up.
process.stdout.on('error', () => {});

/** One JSON line per figure on stdout: the only thing a benchmark prints there. */
export function emit(bench: string, f: Figure) {
  console.log(JSON.stringify({ bench, ...f, at: new Date().toISOString() }));
}

export const log = (msg: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

// ---- processes -------------------------------------------------------------------

/**
 * How a role is started: what production runs, the built server under plain
 * node (built once per benchmark process, from this checkout's source), or
 * with BENCH_FROM_SOURCE=1 the TypeScript source through tsx, as `npm run dev`.
 */
let built: Promise<unknown> | undefined;
async function serverCommand(): Promise<string[]> {
  if (process.env.BENCH_FROM_SOURCE === '1') return ['--import', 'tsx', 'server/src/main.ts'];
  await (built ??= buildServer());
  // As the image's ENTRYPOINT and npm start: Node 20's young generation (see docs/benchmarks.md).
  return ['--max-semi-space-size=16', path.join(OUTDIR, 'main.js')];
}

export interface Role {
  name: 'api' | 'worker';
  child: ChildProcess;
  pid: number;
  logFile: string;
  /** Where an api listens. */
  port?: number;
}

export interface Bench {
  name: string;
  database: Database;
  secrets: Secrets;
  redisPrefix: string;
  port: number;
  /** The first api process (on `port`). */
  api: Role | null;
  /** Every api process, the first first (more than one after startApis). */
  apis: Role[];
  worker: Role | null;
  adminCookie: string;
  /** Starts (or restarts) a role as its own `node` process (no npx/tsx wrapper: the pid is the server). */
  start(role: 'api' | 'worker', env?: Record<string, string>): Promise<Role>;
  /** Restarts the api as `n` processes on one database and Redis prefix, each on its own port (the first on `port`). */
  startApis(n: number, env?: Record<string, string>): Promise<Role[]>;
  /** Stops the role's processes (every api process for 'api'). */
  stop(role: 'api' | 'worker'): Promise<void>;
  request(method: string, urlPath: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResponse>;
  admin(method: string, urlPath: string, body?: unknown): Promise<HttpResponse>;
  /** Imports a spec and opens it; returns the campaign id. */
  openCampaign(spec: CampaignSpec): Promise<number>;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

export interface HttpResponse {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

export function httpRequest(port: number, method: string, urlPath: string, body?: unknown, headers: Record<string, string> = {}, timeoutMs = 600_000) {
  return new Promise<HttpResponse>((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request(
      { host: '127.0.0.1', port, method, path: urlPath, agent, headers: { ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${urlPath} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * The load client runs in the benchmark's own process, and every pause of
 * that process is charged to the server it measures (an open loop counts
 * each request from when it was due; a closed one sends nothing meanwhile).
 * With V8's default initial old space, a benchmark process that has built
 * its dataset runs a full collection every half second under load, 2–14 ms
 * each: that alone put the rankings p99 at 13–15 ms where the api's own was
 * 3 ms (docs/benchmarks.md, "The load client's own pauses"). A benchmark
 * started without this flag starts itself again with it.
 */
const CLIENT_HEAP_FLAG = '--initial-old-space-size=256';
/** Runs this benchmark again with the flag and ends with it; a signal sent here (Ctrl-C, a timeout's TERM) is passed on, so the run still cleans up. */
function relaunchWithClientHeap(): Promise<never> {
  const child = spawn(process.execPath, [...process.execArgv, CLIENT_HEAP_FLAG, ...process.argv.slice(1)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
  return new Promise<never>(() => child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0))));
}

/**
 * Runs `fn` against a fresh `minping_bench` database (migrated from the
 * committed files) and a fresh Redis prefix; whatever happens, stops the
 * child processes, drops the database and deletes the prefix's keys.
 */
export async function withBench<T>(name: string, fn: (b: Bench) => Promise<T>): Promise<T> {
  if (!process.execArgv.includes(CLIENT_HEAP_FLAG)) return relaunchWithClientHeap();
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`drop database if exists "${BENCH_DB}" with (force)`);
  await admin.query(`create database "${BENCH_DB}"`);
  await admin.end();
  const databaseUrl = dbUrl(BENCH_DB);
  const database = await openPostgres(databaseUrl, 8);
  await runMigrations(database);
  const secrets = createSecrets(APP_SECRET);
  const redisPrefix = `minping-bench-${crypto.randomBytes(4).toString('hex')}`;
  const port = await freePort();
  const children = new Map<string, Role>();

  const baseEnv: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    REDIS_PREFIX: redisPrefix,
    APP_SECRET,
    METRICS_TOKEN,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // One address sends everything here; the limit is per address per minute,
    // and the lockout's cap on one address's requests in flight is its limit.
    VOTE_RATE_LIMIT: '100000000',
    INVALID_CODE_LIMIT: '100000000',
    DEMO: 'false',
    DATA_DIR: path.join(os.tmpdir(), `minping-bench-data-${redisPrefix}`),
  };

  // Keys: the role for its first process, `api#2`, `api#3`… for more api processes.
  const instances = (role: string) => [...children.keys()].filter((k) => k === role || k.startsWith(`${role}#`));
  async function stopOne(key: string) {
    const r = children.get(key);
    if (!r) return;
    children.delete(key);
    if (r.child.exitCode !== null || r.child.signalCode !== null) return;
    const exited = new Promise<void>((res) => r.child.once('exit', () => res()));
    r.child.kill('SIGTERM');
    const timer = setTimeout(() => r.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  const stop = async (role: 'api' | 'worker') => {
    await Promise.all(instances(role).map(stopOne));
  };

  async function launch(role: 'api' | 'worker', n: number, env: Record<string, string>): Promise<Role> {
    const key = n === 1 ? role : `${role}#${n}`;
    const rolePort = role === 'api' ? (n === 1 ? port : await freePort()) : undefined;
    const logFile = path.join(os.tmpdir(), `minping-bench-${name}-${role}${n === 1 ? '' : n}.log`);
    const out = fs.openSync(logFile, 'w');
    // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile a role.
    const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, ...(await serverCommand()), role], {
      cwd: ROOT,
      // PGAPPNAME names the role's PostgreSQL connections, so their backends' CPU is told apart (measure.ts).
      env: { ...process.env, ...baseEnv, PGAPPNAME: `minping-bench-${role}`, ...(rolePort ? { PORT: String(rolePort) } : {}), ...env },
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    const r: Role = { name: role, child, pid: child.pid!, logFile, port: rolePort };
    children.set(key, r);
    const failed = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`${role} exited (${code}) during start; see ${logFile}`))),
    );
    failed.catch(() => {});
    await Promise.race([failed, role === 'api' ? waitForApi(rolePort!) : waitForWorker(redisPrefix)]);
    return r;
  }

  const bench: Bench = {
    name,
    database,
    secrets,
    redisPrefix,
    port,
    get api() {
      return children.get('api') ?? null;
    },
    get apis() {
      return instances('api').map((k) => children.get(k)!);
    },
    get worker() {
      return children.get('worker') ?? null;
    },
    adminCookie: '',
    async start(role, env = {}) {
      await stop(role);
      return launch(role, 1, env);
    },
    async startApis(n, env = {}) {
      await stop('api');
      // One after the other: the first one migrates, and they share the two cores while booting.
      const started: Role[] = [];
      for (let i = 1; i <= n; i++) started.push(await launch('api', i, env));
      return started;
    },
    stop,
    request: (method, urlPath, body, headers) => httpRequest(port, method, urlPath, body, headers),
    admin: (method, urlPath, body) => httpRequest(port, method, urlPath, body, { cookie: bench.adminCookie }),
    async openCampaign(spec) {
      const imported = await bench.admin('POST', '/api/v1/campaigns/import', spec);
      if (imported.status >= 300) throw new Error(`import failed: ${imported.body}`);
      const opened = await bench.admin('POST', `/api/v1/campaigns/${spec.key}/status`, { status: 'open' });
      if (opened.status !== 200) throw new Error(`open failed: ${opened.body}`);
      const [row] = await database.query<{ id: number }>(`select id from campaigns where key = $1`, [spec.key]);
      return Number(row.id);
    },
  };

  const cleanup = async () => {
    await Promise.all([stop('worker'), stop('api')]);
    await database.close().catch(() => {});
    const a = new pg.Client({ connectionString: PG_URL });
    await a.connect();
    await a.query(`drop database if exists "${BENCH_DB}" with (force)`);
    await a.end();
    const redis = new Redis(REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
    fs.rmSync(baseEnv.DATA_DIR, { recursive: true, force: true });
  };
  const onSignal = () => {
    log('interrupted; cleaning up');
    cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // If this program dies anyway (a crash, a closed pipe), its servers die with it.
  const killChildren = () => children.forEach((r) => r.child.kill('SIGKILL'));
  process.once('exit', killChildren);

  try {
    // The admin exists before the api boots, so the api does not invent one.
    await createUser({ database } as Context, { username: 'admin', password: ADMIN_PASSWORD, role: 'admin' });
    return await fn(bench);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanup();
    process.off('exit', killChildren);
  }
}

/** Logs in as the bench admin (the api must be up) and keeps the session cookie on `b`. */
export async function login(b: Bench): Promise<string> {
  const res = await b.request('POST', '/api/v1/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
  const set = res.headers['set-cookie'];
  if (res.status !== 200 || !set?.length) throw new Error(`login failed: ${res.status} ${res.body}`);
  b.adminCookie = set[0].split(';')[0];
  return b.adminCookie;
}

/** Waits until GET /readyz on `port` answers 200 (the api, or a bench's bare server). */
export async function waitForApi(port: number, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await httpRequest(port, 'GET', '/readyz', undefined, {}, 2000);
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > until) throw new Error('api did not become ready');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The worker is up when BullMQ sees a worker on the ballots queue. */
async function waitForWorker(prefix: string, timeoutMs = 60_000) {
  const { Queue } = await import('bullmq');
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('ballots', { connection, prefix });
  try {
    const until = Date.now() + timeoutMs;
    while ((await queue.getWorkersCount()) === 0) {
      if (Date.now() > until) throw new Error('worker did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
