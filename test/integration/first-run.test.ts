// `npm start` on a fresh clone: embedded PostgreSQL, migrations, a demo that
// looks like a year of work (seeded quietly: no request log lines), an admin
// printed once, links that work; and on the next start, links still unused
// and the way back in when the password is lost. It runs what npm start runs:
// the server bundle (built by the global setup), with the default log level.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { REDIS_URL } from './env.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minping-first-run-'));
const prefix = `minping-first-run-${process.pid}`;
// Below Linux's range for outgoing connections (32768–60999), so no client's socket holds it.
const port = 20000 + (process.pid % 12000);
const base = `http://127.0.0.1:${port}`;
const env = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, PORT: String(port), REDIS_URL, REDIS_PREFIX: prefix };
const BANNER = '网上民调 / 万人评机关 is running';
let child: ChildProcess | undefined;

afterAll(async () => {
  child?.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  child?.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
  const { Redis } = await import('ioredis');
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

/** Starts the bundle and resolves with its output once the banner is complete (links and QR, or the line saying why there are none). */
function start(extra: Record<string, string> = {}, timeoutMs = 400_000): Promise<string> {
  child = spawn(process.execPath, ['--max-semi-space-size=16', 'server/dist/main.js'], { cwd: ROOT, env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within ${timeoutMs / 1000} s:\n${out}`)), timeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (/Demo: three unused voting links[\s\S]*\/v\/[A-Z0-9]{13}[\s\S]*\/v\/[A-Z0-9]{13}[\s\S]*\/v\/[A-Z0-9]{13}[\s\S]*Phones:/.test(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    };
    child!.stdout!.on('data', onData);
    child!.stderr!.on('data', onData);
    child!.on('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
  });
}

async function stop() {
  const exited = new Promise((r) => child!.once('exit', r));
  child!.kill('SIGTERM');
  await exited;
  child = undefined;
}

const linksIn = (out: string) => [...out.matchAll(/(http:\/\/localhost:\d+\/v\/[A-Z0-9]{13})/g)].map((m) => m[1]);
const codeOf = (link: string) => link.split('/v/')[1];
let password: string;
let firstLinks: string[];

async function signIn(pw = password) {
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: pw }) });
  expect(login.status).toBe(200);
  const cookie = login.headers.get('set-cookie')!.split(';')[0];
  return async <T>(url: string): Promise<T> => {
    const res = await fetch(`${base}/api/v1${url}`, { headers: { cookie } });
    expect(res.status, url).toBe(200);
    return (await res.json()) as T;
  };
}

it('starts with nothing configured, seeds a year of demo quietly, prints the admin once and working vote links', async () => {
  const out = await start();
  // Quiet: a handful of log lines before the banner, none of them a request.
  const before = out.slice(0, out.indexOf(BANNER)).split('\n').filter((l) => l.trim());
  expect(before.length, before.join('\n')).toBeLessThan(15);
  expect(out).not.toContain('incoming request');
  expect(out).toContain('embedded PostgreSQL');
  password = out.match(/First admin \(shown once, change it\): admin \/ (\S+)/)?.[1] ?? '';
  expect(password).toBeTruthy();
  firstLinks = linksIn(out);
  expect(firstLinks).toHaveLength(3);
  expect(out).toMatch(/[▄▀█]{4}/); // a QR code drawn in the terminal
  expect(out).toContain('start with HOST=0.0.0.0'); // localhost: how to let a phone in
  expect(fs.existsSync(path.join(dataDir, 'pglite'))).toBe(true);

  for (const link of firstLinks) expect((await fetch(`${base}/api/v1/vote/${codeOf(link)}`)).status).toBe(200);
  const get = await signIn();
  const campaigns = await get<{ key: string; status: string; ballots: number }[]>('/campaigns');
  expect(campaigns.map((c) => [c.key, c.status])).toEqual([
    ['demo-city-2025', 'published'],
    ['demo-city-2026', 'open'],
  ]);
  expect(campaigns[1].ballots).toBeGreaterThan(2000);
  const results = await get<{ result: { categories: { ranked: string[] }[] } }>('/campaigns/demo-city-2026/results');
  expect(results.result.categories.every((c) => c.ranked.length > 0)).toBe(true);

  // A real-looking year: ballots over many hours of the last two days, some held for review.
  const progress = await get<{ byHour: { hour: string; ballots: number }[] }>('/campaigns/demo-city-2026/progress');
  expect(progress.byHour.length).toBeGreaterThan(6);
  const flagged = await get<{ total: number; ballots: { flags: string[]; submittedAt: string }[] }>('/campaigns/demo-city-2026/ballots?review=flagged&limit=500');
  expect(flagged.total).toBeGreaterThan(10);
  expect(new Set(flagged.ballots.flatMap((b) => b.flags))).toEqual(new Set(['burst', 'too-fast', 'straight-lining']));
  expect(new Set(flagged.ballots.map((b) => b.submittedAt.slice(0, 10))).size).toBeGreaterThan(5);
  expect((await get<{ total: number }>('/campaigns/demo-city-2026/ballots?review=voided')).total).toBeGreaterThan(0);
  // Tasks at every stage, an appeal waiting, a follow-up call made.
  type Task = { id: number; status: string; overdue: boolean; needsFollowup: boolean; appeal: { status: string } | null; source: string };
  const tasks = await get<Task[]>('/tasks?campaign=demo-city-2026&limit=500');
  expect(new Set(tasks.map((t) => t.status))).toEqual(new Set(['open', 'answered', 'returned', 'closed', 'withdrawn']));
  expect(tasks.some((t) => t.overdue)).toBe(true);
  expect(tasks.some((t) => t.appeal?.status === 'pending')).toBe(true);
  expect(new Set(tasks.map((t) => t.source))).toEqual(new Set(['problem', 'inspection', 'comment']));
  const called = tasks.find((t) => t.needsFollowup && t.status === 'closed')!;
  expect((await get<{ followups: { reached: boolean }[] }>(`/tasks/${called.id}`)).followups).toHaveLength(1);
  const lastYear = await get<Task[]>('/tasks?campaign=demo-city-2025&limit=500');
  expect(lastYear.length).toBeGreaterThan(0);
  expect(lastYear.every((t) => t.status === 'closed')).toBe(true);
  // Inspections with findings, and the units that stay at the bottom year after year.
  const inspections = await get<{ findings: unknown[] }[]>('/inspections?campaign=demo-city-2026');
  expect(inspections.length).toBeGreaterThan(2);
  expect(inspections.some((i) => i.findings.length > 0)).toBe(true);
  const escalation = await get<{ consecutiveBottom: number }[]>('/campaigns/demo-city-2026/escalation');
  expect(escalation.some((e) => e.consecutiveBottom >= 2)).toBe(true);
}, 700_000);

it('prints unused links on the next start, and resets the lost admin password once the server is stopped', async () => {
  // A voter uses the first link.
  const q = (await (await fetch(`${base}/api/v1/vote/${codeOf(firstLinks[0])}`)).json()) as { categories: { units: { key: string }[] }[] };
  const ratings = Object.fromEntries(q.categories.flatMap((c) => c.units).map((u, i) => [u.key, i % 3 ? 'good' : 'average']));
  const vote = await fetch(`${base}/api/v1/vote/${codeOf(firstLinks[0])}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ratings, answeringMs: 90_000 }) });
  expect(vote.status).toBe(201);
  await stop();

  const out = await start();
  expect(out).not.toContain('seeding the demo');
  expect(out).not.toContain('First admin');
  expect(out).toContain('Admin password lost? Stop the server, then run: npm run reset-admin-password');
  const links = linksIn(out);
  expect(links).toHaveLength(3);
  expect(links).not.toContain(firstLinks[0]);
  for (const link of links) expect((await fetch(`${base}/api/v1/vote/${codeOf(link)}`)).status).toBe(200);

  // The embedded database is one process's: the reset refuses while the server runs…
  const reset = () => promisify(execFile)(process.execPath, ['server/dist/main.js', 'reset-admin-password'], { cwd: ROOT, env }).catch((e) => e);
  const refused = await reset();
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('is open in process');
  // …and works once it is stopped.
  await stop();
  const done = await reset();
  const fresh = done.stdout.match(/New one-time password for admin: (\S+)/)?.[1];
  expect(fresh, done.stderr).toBeTruthy();
  await start();
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: fresh }) });
  expect(login.status).toBe(200);
  expect(((await login.json()) as { mustChangePassword: boolean }).mustChangePassword).toBe(true);
}, 900_000);

it('starts and takes a vote while its Redis is down, and says so', async () => {
  // A port nothing listens on: before, the process waited there for the daily schedule and never listened.
  const closed = await new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(p));
    });
  });
  await stop();
  // The demo is seeded already: a start takes seconds.
  const out = await start({ REDIS_URL: `redis://127.0.0.1:${closed}` }, 60_000);
  expect(out).toMatch(/Redis \(\w+\) unreachable, going on without it/);
  const link = linksIn(out)[0];
  const q = (await (await fetch(`${base}/api/v1/vote/${codeOf(link)}`)).json()) as { categories: { units: { key: string }[] }[] };
  const ratings = Object.fromEntries(q.categories.flatMap((c) => c.units).map((u) => [u.key, 'good']));
  const vote = await fetch(`${base}/api/v1/vote/${codeOf(link)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ratings, answeringMs: 90_000 }) });
  expect(vote.status).toBe(201);
  // And it stops when told, Redis still gone: BullMQ's close waited for the connection forever.
  const asked = Date.now();
  // Generous for a loaded machine: the fault was a stop that never ended.
  const stopped = await Promise.race([stop().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 60_000))]);
  expect({ stopped, withinMs: Date.now() - asked < 30_000 }).toEqual({ stopped: true, withinMs: true });
}, 900_000);
