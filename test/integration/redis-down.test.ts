// Redis down must not stall voting. This file runs its own redis-server (the
// shared one is never stopped), stops it answering (SIGSTOP) and then kills it
// in the middle of a load of ballots,
// and checks that every request is still answered promptly, that every
// accepted ballot is in PostgreSQL, and that once Redis is back a worker
// takes in the whole backlog.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { ballotFor, createHarness, drained, issueCodes, openCampaign, type Harness } from './harness.js';
import { UNITS } from '../fixtures/units.js';

/**
 * Generous: normal answers take milliseconds; with Redis gone they took
 * 15–31 s before (commands waited in ioredis' offline queue for reconnects),
 * here they never came. A stuck Redis costs a vote request at most its two
 * command timeouts (rate limit, lockout: 2 s each).
 */
const PROMPT_MS = 10_000;

let port: number;
let redis: ChildProcess | null = null;
let h: Harness;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port: p } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(p));
    });
  });
}

async function startRedis(): Promise<void> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  redis = child;
  let spawnError: Error | null = null;
  child.on('error', (err) => (spawnError = err));
  const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  probe.on('error', () => {});
  // Wait until it answers (or give up with the test's own timeout).
  for (;;) {
    if (spawnError) throw new Error(`this test runs its own redis-server, which could not start (Debian: apt-get install redis-server): ${String(spawnError)}`);
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return;
    } catch {
      probe.disconnect();
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** A Redis that keeps its connections but answers nothing, as an unreachable host or a stuck server does. */
function pauseRedis(paused: boolean) {
  redis?.kill(paused ? 'SIGSTOP' : 'SIGCONT');
}

async function killRedis(): Promise<void> {
  const child = redis;
  redis = null;
  if (!child || child.exitCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  child.kill('SIGCONT');
  await gone;
}

beforeAll(async () => {
  port = await freePort();
  await startRedis();
  h = await createHarness({}, { redisUrl: `redis://127.0.0.1:${port}` });
});
afterAll(async () => {
  if (!redis) await startRedis().catch(() => {});
  await h?.close();
  await killRedis();
});

interface Timed {
  status: number;
  ms: number;
  what: string;
}

async function timed(what: string, run: () => Promise<{ statusCode: number }>): Promise<Timed> {
  const t0 = Date.now();
  const res = await run();
  return { status: res.statusCode, ms: Date.now() - t0, what };
}

describe('with Redis stuck, then killed, in the middle of voting', () => {
  it('answers every request promptly, stores every ballot, and drains the backlog once Redis is back', async () => {
    const key = await openCampaign(h);
    const { codes } = await issueCodes(h, key, 'survey', 'citizens', 330);
    const ballots = codes.slice(0, 300);
    const toOpen = codes.slice(300);
    await h.startWorker();

    const timings: Timed[] = [];
    const WAVE = 20;
    for (let i = 0; i < ballots.length; i += WAVE) {
      if (i === 60) pauseRedis(true);
      if (i === 120) await killRedis();
      const wave = ballots.slice(i, i + WAVE).map((code, j) =>
        timed('submit', () =>
          h.inject({ method: 'POST', url: `/api/v1/vote/${code}`, payload: ballotFor(UNITS, 'satisfied'), remoteAddress: `198.51.100.${(i + j) % 250}` }),
        ),
      );
      // Every other kind of voter request, each with its own use of Redis (rate limit, lockout).
      const w = i / WAVE;
      wave.push(
        timed('open', () => h.inject({ method: 'GET', url: `/api/v1/vote/${toOpen[w]}`, remoteAddress: `192.0.2.${w}` })),
        timed('unknown code', () => h.inject({ method: 'GET', url: '/api/v1/vote/2222-2222-2222', remoteAddress: `192.0.2.${100 + w}` })),
        timed('malformed receipt', () => h.inject({ method: 'GET', url: '/api/v1/receipts/nope', remoteAddress: `192.0.2.${200 + w}` })),
      );
      timings.push(...(await Promise.all(wave)));
    }

    const submits = timings.filter((t) => t.what === 'submit');
    expect(submits.map((t) => t.status)).toEqual(Array(300).fill(201));
    expect(timings.filter((t) => t.what === 'open').map((t) => t.status)).toEqual(Array(15).fill(200));
    expect(timings.filter((t) => t.what === 'malformed receipt').every((t) => t.status === 400)).toBe(true);
    expect(timings.filter((t) => t.what === 'unknown code').every((t) => [400, 404].includes(t.status))).toBe(true);
    const slow = timings.filter((t) => t.ms > PROMPT_MS);
    expect(slow).toEqual([]);

    const [{ n }] = await h.ctx.database.query<{ n: number }>(`select count(*)::int as n from ballots`);
    expect(Number(n)).toBe(300);

    // Still ready: voting goes on without Redis, so an orchestrator must not
    // take this api out of rotation; Redis is reported, not required.
    const ready = await h.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode, ready.body).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'degraded', postgres: true, redis: false });

    // Redis comes back empty (no persistence): the reconciler re-queues from
    // PostgreSQL and the worker, which reconnects by itself, takes in every ballot.
    await startRedis();
    await drained(h, 120_000);
    const [{ n: counted }] = await h.ctx.database.query<{ n: number }>(`select count(*)::int as n from ballots where processed_at is not null`);
    expect(Number(counted)).toBe(300);
  }, 240_000);
});
