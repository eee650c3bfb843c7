// `npm start` on a fresh clone: embedded PostgreSQL, migrations, the demo
// seeded through the real vote path, an admin printed once, links that work.
// It runs what npm start runs: the server bundle (built by the global setup).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { REDIS_URL } from './env.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minping-first-run-'));
const prefix = `minping-first-run-${process.pid}`;
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

function start(port: number): Promise<string> {
  child = spawn(process.execPath, ['--max-semi-space-size=16', 'server/dist/main.js'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, PORT: String(port), REDIS_URL, REDIS_PREFIX: prefix, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no demo links within 240 s:\n${out}`)), 240_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (/Demo: three unused voting links[\s\S]*\/v\/[A-Z0-9]{13}[\s\S]*\/v\/[A-Z0-9]{13}[\s\S]*\/v\/[A-Z0-9]{13}/.test(out)) {
        clearTimeout(timer);
        setTimeout(() => resolve(out), 300); // the QR code follows the links
      }
    };
    child!.stdout!.on('data', onData);
    child!.stderr!.on('data', onData);
    child!.on('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
  });
}

it('starts with nothing configured, seeds the demo, prints the admin once and working vote links', async () => {
  const port = 20000 + (process.pid % 20000);
  const out = await start(port);
  expect(out).toContain('embedded PostgreSQL');
  const password = out.match(/First admin \(shown once, change it\): admin \/ (\S+)/)?.[1];
  expect(password).toBeTruthy();
  const links = [...out.matchAll(/(http:\/\/localhost:\d+\/v\/[A-Z0-9]{13})/g)].map((m) => m[1]);
  expect(links).toHaveLength(3);
  expect(out).toMatch(/[▄▀█]{4}/); // a QR code drawn in the terminal
  expect(fs.existsSync(path.join(dataDir, 'pglite'))).toBe(true);

  const base = `http://127.0.0.1:${port}`;
  const code = links[0].split('/v/')[1];
  const questionnaire = await fetch(`${base}/api/v1/vote/${code}`);
  expect(questionnaire.status).toBe(200);
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
  expect(login.status).toBe(200);
  const cookie = login.headers.get('set-cookie')!.split(';')[0];
  const campaigns = (await (await fetch(`${base}/api/v1/campaigns`, { headers: { cookie } })).json()) as { key: string; status: string; ballots: number }[];
  expect(campaigns.map((c) => [c.key, c.status])).toEqual([['demo-city-2025', 'published'], ['demo-city-2026', 'open']]);
  expect(campaigns[1].ballots).toBeGreaterThan(2000);
  const results = (await (await fetch(`${base}/api/v1/campaigns/demo-city-2026/results`, { headers: { cookie } })).json()) as { result: { categories: { ranked: string[] }[] } };
  expect(results.result.categories.every((c) => c.ranked.length > 0)).toBe(true);
}, 300_000);
