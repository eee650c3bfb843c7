// Scaled out on one box: the api role started twice and the worker role
// twice, as separate `node server/dist/main.js <role>` processes (what the
// image runs) on one database and one Redis prefix. Nothing in a process's
// memory may decide what only PostgreSQL can: the first admin, whether a code
// is still free, whether a ballot has been counted.
import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import pg from 'pg';
import { Queue } from 'bullmq';
import { verify } from '@node-rs/argon2';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it, inject } from 'vitest';
import { tallyMismatches } from '../../scripts/bench/recount.js';
import { freePort } from '../../server/src/infra/redis-locate.js';
import { openPostgres, type Database } from '../../server/src/infra/db.js';
import type { Context } from '../../server/src/context.js';
import { ensureFirstAdmin } from '../../server/src/modules/auth/auth.service.js';
import { normalizeCode } from '@minping/shared/codes';
import { createSecrets } from '../../server/src/lib/secrets.js';
import { ballotFor, chosenPassword, EXAMPLE_SPEC } from './harness.js';
import { bundleSecret, spawnBundle } from './bundle.js';
import { ADMIN_URL, REDIS_URL, dbUrl } from './env.js';
import { UNITS } from '../fixtures/units.js';

const CODES = 50;
/** How many jobs name each ballot, besides the api's own hand-off: the workers race for every one. */
const COPIES = 4;
const METRICS_TOKEN = 'multi-process-metrics-token-0123';
const id = crypto.randomBytes(5).toString('hex');
const dbName = `minping_t_${inject('runId')}_${id}`;
const prefix = `minping-test-${id}`;
const children: ChildProcess[] = [];
let database: Database;
let connection: Redis;
let ballotsQueue: Queue;

interface Started {
  base: string;
  out: () => string;
  child: ChildProcess;
}

/** Starts `node server/dist/main.js <role>`; resolves once it answers (api: /readyz, worker: /healthz on its metrics port). */
async function start(role: 'api' | 'worker', env: Record<string, string> = {}): Promise<Started> {
  const port = await freePort();
  const { child, output } = spawnBundle(role, {
    dbName,
    prefix,
    // One secret for every process: a code hashed by one is found by the other.
    id,
    env: {
      DEMO: 'false',
      METRICS_TOKEN,
      RECOMPUTE_DEBOUNCE_MS: '50',
      // Four processes at once: a small pool each keeps them well inside PostgreSQL's connection limit.
      DB_POOL_SIZE: '4',
      ...(role === 'api' ? { PORT: String(port) } : { WORKER_METRICS_PORT: String(port) }),
      ...env,
    },
  });
  children.push(child);
  const base = `http://127.0.0.1:${port}`;
  const until = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${role} exited (${child.exitCode ?? child.signalCode})\n${output()}`);
    try {
      const res = await fetch(`${base}${role === 'api' ? '/readyz' : '/healthz'}`);
      // The api prints its banner (and the first admin) after it listens: wait for that too.
      if (res.status === 200 && (role === 'worker' || output().includes('is running (api'))) return { base, out: output, child };
    } catch {
      /* not listening yet */
    }
    if (Date.now() > until) throw new Error(`${role} not ready within 90 s\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function call(base: string, method: string, url: string, cookie: string, body?: unknown) {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { ...(cookie ? { cookie } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text(), cookie: res.headers.get('set-cookie')?.split(';')[0] };
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const count = async (sql: string, params: unknown[] = []) => Number((await database.query<{ n: number }>(sql, params))[0].n);

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  // Migrated, and without a user: both apis find it so at once.
  await admin.query(`create database "${dbName}" template "${inject('templateDb')}"`);
  await admin.end();
  database = await openPostgres(dbUrl(dbName), 2);
  connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  ballotsQueue = new Queue('ballots', { connection, prefix });
});

afterAll(async () => {
  for (const c of children) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  for (const c of children) c.kill('SIGKILL');
  await ballotsQueue?.close();
  if (connection) {
    const keys = await connection.keys(`${prefix}*`);
    if (keys.length) await connection.del(...keys);
    connection.disconnect();
  }
  await database?.close();
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`drop database if exists "${dbName}" with (force)`);
  await admin.end();
});

it('creates the first admin once when replicas start at the same moment, and only the one that did shows a password', async () => {
  // Its own empty database: the processes below race on theirs with boot times that differ.
  const name = `${dbName}_first`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database "${name}" template "${inject('templateDb')}"`);
  const db = await openPostgres(dbUrl(name), 4);
  try {
    const ctx = { database: db } as Context;
    const results = await Promise.all([ensureFirstAdmin(ctx), ensureFirstAdmin(ctx), ensureFirstAdmin(ctx)]);
    const shown = results.filter((r) => r !== null);
    expect(shown).toHaveLength(1);
    const users = await db.query<{ password_hash: string }>(`select password_hash from users`);
    expect(users).toHaveLength(1);
    expect(await verify(users[0].password_hash, shown[0]!.password)).toBe(true);
  } finally {
    await db.close();
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
});

let apis: Started[] = [];
let cookie = '';
let codes: string[] = [];
let campaignId = 0;
const KEY = 'multi-process-2026';

it('starts two api processes at once on a database with no user: both come up, one first admin, and its password works', async () => {
  apis = await Promise.all([start('api'), start('api')]);
  const printed = apis.map((a) => /First admin \(shown once, change it\): admin \/ (\S+)/.exec(a.out())?.[1]).filter(Boolean) as string[];
  // One admin row, and only the process that made it shows a password (a second one would not work).
  expect(printed).toHaveLength(1);
  expect(await count(`select count(*)::int as n from users`)).toBe(1);

  const login = await call(apis[1].base, 'POST', '/api/v1/auth/login', '', { username: 'admin', password: printed[0] });
  expect(login.status).toBe(200);
  const changed = await call(apis[1].base, 'POST', '/api/v1/me/password', login.cookie!, { current: printed[0], next: chosenPassword('admin') });
  expect(changed.status).toBe(204);
  cookie = changed.cookie ?? login.cookie!;

  // A campaign and its codes, set up through the other process. Every voter
  // here comes from 127.0.0.1: the per-address burst rule would flag them all.
  const spec = { ...EXAMPLE_SPEC, key: KEY, rules: { ...EXAMPLE_SPEC.rules, fraud: { ...EXAMPLE_SPEC.rules.fraud, disabled: ['burst'] } } };
  expect((await call(apis[0].base, 'POST', '/api/v1/campaigns/import', cookie, spec)).status).toBe(201);
  expect((await call(apis[0].base, 'POST', `/api/v1/campaigns/${KEY}/status`, cookie, { status: 'open' })).status).toBe(200);
  const batch = await call(apis[0].base, 'POST', `/api/v1/campaigns/${KEY}/code-batches`, cookie, { questionnaire: 'survey', group: 'citizens', size: CODES });
  expect(batch.status).toBe(201);
  const csv = await call(apis[0].base, 'GET', `/api/v1/campaigns/${KEY}/code-batches/${JSON.parse(batch.text).id}/codes.csv`, cookie);
  codes = csv.text.replace(/^\ufeff/, '').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
  expect(codes).toHaveLength(CODES);
  campaignId = await count(`select id as n from campaigns where key = $1`, [KEY]);
}, 180_000);

it('accepts each code raced at both api processes exactly once, and refuses the other with CODE_ALREADY_USED', async () => {
  expect(codes).toHaveLength(CODES);
  // No worker yet, and the queue held: the ballots wait for the race of the workers below.
  await ballotsQueue.pause();
  const options = ['satisfied', 'basically', 'dissatisfied', 'unknown'];
  const vote = (base: string, code: string, i: number) =>
    fetch(`${base}/api/v1/vote/${code}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ballotFor(UNITS, (u) => options[(i + u) % 4], i % 3 ? {} : { problems: { 'w-bdc': ['slow'] } })) }).then(
      async (r) => ({ status: r.status, body: (await r.json()) as { receipt?: string; error?: { code: string } } }),
    );
  // Every code at both processes at once; which one hears of it first alternates.
  const answers = await Promise.all(
    codes.map((code, i) => {
      const [first, second] = i % 2 ? [apis[1], apis[0]] : [apis[0], apis[1]];
      return Promise.all([vote(first.base, code, i), vote(second.base, code, i + 1)]);
    }),
  );
  for (const pair of answers) {
    expect(pair.map((a) => a.status).sort()).toEqual([201, 409]);
    expect(pair.find((a) => a.status === 409)!.body.error!.code).toBe('CODE_ALREADY_USED');
  }
  expect(await count(`select count(*)::int as n from ballots where campaign_id = $1`, [campaignId])).toBe(CODES);
  expect(await count(`select count(distinct code_id)::int as n from ballots where campaign_id = $1`, [campaignId])).toBe(CODES);
  expect(await count(`select count(*)::int as n from codes where used_at is not null`)).toBe(CODES);
}, 120_000);

it('has two workers take every ballot in once, however many jobs name it', async () => {
  const ids = (await database.query<{ id: number }>(`select id::int as id from ballots where campaign_id = $1 order by id`, [campaignId])).map((r) => r.id);
  expect(ids).toHaveLength(CODES);
  // Each ballot in COPIES more jobs of its own, shuffled: what a reconciler's
  // re-queue and a crashed worker's retried job look like, all at once.
  const jobs = Array.from({ length: COPIES }, (_, c) => ids.map((b) => ({ name: 'process-ballots', data: { ballotIds: [b] }, opts: { jobId: `dup-${c}-${b}` } }))).flat();
  jobs.sort(() => Math.random() - 0.5);
  await ballotsQueue.addBulk(jobs);
  // Their reconcilers never look (they stay up for the next test, which counts what no one queued).
  const quiet = { RECONCILE_AFTER_MS: '3600000' };
  const workers = await Promise.all([start('worker', quiet), start('worker', quiet)]);
  await until('both workers on the ballots queue', async () => (await ballotsQueue.getWorkersCount()) >= 2);
  await ballotsQueue.resume();

  await until('every ballot processed', async () => (await count(`select count(*)::int as n from ballots where processed_at is null`)) === 0);
  await until('every job done', async () => {
    const c = await ballotsQueue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return Object.values(c).every((n) => n === 0);
  });
  const failed = await ballotsQueue.getFailed();
  expect(failed.map((j) => j.failedReason)).toEqual([]);

  // Every job ran; together they took in each ballot once.
  const completed = (await ballotsQueue.getCompleted(0, -1)).filter((j) => j.name === 'process-ballots');
  expect(completed.length).toBeGreaterThanOrEqual(jobs.length);
  expect(completed.reduce((s, j) => s + Number(j.returnvalue?.processed ?? 0), 0)).toBe(CODES);
  // Both workers took part.
  for (const w of workers) {
    const metrics = await (await fetch(`${w.base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(Number(/^minping_job_seconds_count\{job="process-ballots"\} (\S+)$/m.exec(metrics)?.[1] ?? 0)).toBeGreaterThan(0);
  }

  // Counted once: the tallies hold each ballot once and equal a recount from the ballots.
  const counted = await count(`select count(*)::int as n from ballots where campaign_id = $1 and counted`, [campaignId]);
  expect(counted).toBe(CODES); // none flagged: the rules that could are off or not met
  expect(await count(`select coalesce(sum(count), 0)::int as n from ballot_tallies where campaign_id = $1`, [campaignId])).toBe(counted);
  expect(await tallyMismatches(database, campaignId)).toEqual({ ratings: 0, problems: 0, ballots: 0 });
}, 180_000);

it('loses no accepted ballot when an api process is killed mid-stream: the reconciler queues what its hand-off still held', async () => {
  const STREAMED = 1500;
  const batch = await call(apis[0].base, 'POST', `/api/v1/campaigns/${KEY}/code-batches`, cookie, { questionnaire: 'survey', group: 'citizens', size: STREAMED });
  expect(batch.status).toBe(201);
  const batchId = JSON.parse(batch.text).id as number;
  await until('the batch generated', async () => JSON.parse((await call(apis[0].base, 'GET', `/api/v1/campaigns/${KEY}/code-batches/${batchId}`, cookie)).text).status === 'ready');
  const csv = await call(apis[0].base, 'GET', `/api/v1/campaigns/${KEY}/code-batches/${batchId}/codes.csv`, cookie);
  const streamed = csv.text.replace(/^\ufeff/, '').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
  expect(streamed).toHaveLength(STREAMED);

  // Every voter here is 127.0.0.1: lift the per-address limit for this process.
  const doomed = await start('api', { VOTE_RATE_LIMIT: '1000000' });
  const receipts: string[] = [];
  let next = 0;
  let killed = false;
  const client = async () => {
    while (!killed && next < streamed.length) {
      const i = next++;
      try {
        const res = await fetch(`${doomed.base}/api/v1/vote/${streamed[i]}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(ballotFor(UNITS, (u) => ['satisfied', 'basically', 'dissatisfied', 'unknown'][(i + u) % 4])),
        });
        if (res.status === 201) receipts.push(((await res.json()) as { receipt: string }).receipt);
      } catch {
        // The process is gone: this ballot got no answer, and need not have been kept.
      }
      // Mid-stream, with ballots committed and answered but not yet handed to a worker.
      if (!killed && receipts.length >= 600) {
        killed = true;
        doomed.child.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: 32 }, client));
  expect(killed).toBe(true);

  const ofBatch = `from ballots where batch_id = ${Number(batchId)}`;
  // What the dead process had queued, the running workers take in; what it still held, nobody queued.
  await until('the queue empty', async () => Object.values(await ballotsQueue.getJobCounts('waiting', 'active', 'delayed', 'prioritized')).every((n) => n === 0), 120_000);
  const held = await count(`select count(*)::int as n ${ofBatch} and processed_at is null`);
  expect(held).toBeGreaterThan(0);

  // A worker whose reconciler looks after half a second finds them in PostgreSQL.
  await start('worker', { RECONCILE_AFTER_MS: '500', RECONCILE_EVERY_MS: '200' });
  await until('every ballot processed', async () => (await count(`select count(*)::int as n ${ofBatch} and processed_at is null`)) === 0, 120_000);

  // Every ballot answered "accepted" is stored once and counted; the tallies equal a recount.
  const secrets = createSecrets(bundleSecret(id));
  const hashes = receipts.map((r) => secrets.hashReceipt(normalizeCode(r)).toString('hex'));
  expect(await count(`select count(*)::int as n from ballots where receipt_hash = any(array(select decode(h, 'hex') from unnest($1::text[]) h)) and counted`, [hashes])).toBe(receipts.length);
  expect(await count(`select count(*)::int as n ${ofBatch}`)).toBe(await count(`select count(*)::int as n from codes where batch_id = $1 and used_at is not null`, [batchId]));
  expect(await count(`select count(*)::int as n ${ofBatch} and not counted`)).toBe(0);
  expect(await tallyMismatches(database, campaignId)).toEqual({ ratings: 0, problems: 0, ballots: 0 });
}, 300_000);
