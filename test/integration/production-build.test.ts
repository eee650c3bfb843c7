// What production runs: the server bundled to JavaScript (npm run build -w
// server; the global setup builds it) under plain `node`, no TypeScript loader. Against a fresh database it
// must find and apply the migrations itself, answer as the api, and start the
// worker role too. (Which packages the bundle may import: scripts/build-server.test.ts.)
import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it, inject } from 'vitest';
import { ROOT } from '../../scripts/build-server.js';
import { freePort } from '../../server/src/infra/redis-locate.js';
import { spawnBundle } from './bundle.js';
import { ADMIN_URL, REDIS_URL } from './env.js';

const id = crypto.randomBytes(5).toString('hex');
const dbName = `minping_t_${inject('runId')}_${id}`;
const prefix = `minping-test-${id}`;
const children: ChildProcess[] = [];

/** Starts `node server/dist/main.js <role>` and resolves with its output once `ready` matches it (null: at once). */
function start(role: 'api' | 'worker', env: Record<string, string>, ready: RegExp | null): Promise<string> {
  const { child, output: read } = spawnBundle(role, { dbName, prefix, id, env });
  children.push(child);
  output.set(child, read);
  return new Promise((resolve, reject) => {
    if (!ready) return resolve('');
    const timer = setTimeout(() => reject(new Error(`${role} not ready within 90 s:\n${read()}`)), 90_000);
    const onData = () => {
      if (ready.test(read())) {
        clearTimeout(timer);
        resolve(read());
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code: number | null) => reject(new Error(`${role} exited ${code}:\n${read()}`)));
  });
}

const output = new Map<ChildProcess, () => string>();

/** The first answer from url while child runs; its output in the error when it dies or takes over 90 s (a loaded machine is slow to boot). */
async function waitFor(url: string, child: ChildProcess): Promise<Response> {
  const until = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`exited (${child.exitCode ?? child.signalCode}):\n${output.get(child)?.()}`);
    try {
      return await fetch(url);
    } catch (err) {
      if (Date.now() > until) throw new Error(`no answer from ${url} within 90 s (${String(err)}):\n${output.get(child)?.()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database "${dbName}"`); // empty: the bundle migrates it
  await admin.end();
});

afterAll(async () => {
  for (const c of children) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  for (const c of children) c.kill('SIGKILL');
  const { Redis } = await import('ioredis');
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`drop database if exists "${dbName}" with (force)`);
  await admin.end();
});

// Above the 90 s the processes get to boot, so their own error (with their output) is the one reported.
const BOOT = { timeout: 150_000 };

it('runs the api from the bundle: migrates a fresh database, answers /readyz and the API', BOOT, async () => {
  const port = await freePort();
  const out = await start('api', { PORT: String(port) }, /First admin \(shown once, change it\): admin \/ \S+\n/);
  expect(out).toContain('is running (api, PostgreSQL');
  const password = out.match(/First admin \(shown once, change it\): admin \/ (\S+)/)![1];
  const base = `http://127.0.0.1:${port}`;

  const ready = await fetch(`${base}/readyz`);
  expect(ready.status).toBe(200);
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
  expect(login.status).toBe(200);
  const cookie = login.headers.get('set-cookie')!.split(';')[0];
  const me = await fetch(`${base}/api/v1/auth/me`, { headers: { cookie } });
  expect(me.status).toBe(200);
  expect(await me.json()).toMatchObject({ username: 'admin' });
  const docs = await fetch(`${base}/api/docs/json`);
  expect(docs.status).toBe(200);
  expect(((await docs.json()) as { paths: object }).paths).toHaveProperty('/api/v1/vote/{code}');
  // The web build is found from the bundle's place too (npm test builds it first).
  if (fs.existsSync(path.join(ROOT, 'web/dist/index.html'))) {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
  }
});

it('runs the worker role from the bundle', BOOT, async () => {
  const port = await freePort();
  await start('worker', { WORKER_METRICS_PORT: String(port) }, null);
  const health = await waitFor(`http://127.0.0.1:${port}/healthz`, children.at(-1)!);
  expect(health.status).toBe(200);
  expect(children.at(-1)!.exitCode).toBeNull();
});
