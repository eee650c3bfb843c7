// The command-line import/export goes through the admin API with a token.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createHarness, EXAMPLE_SPEC, type Harness } from './harness.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
let h: Harness;
let api: string;
let token: string;

beforeAll(async () => {
  h = await createHarness();
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = h.app.server.address() as { port: number };
  api = `http://127.0.0.1:${addr.port}`;
  token = (await h.admin({ method: 'POST', url: '/api/v1/auth/tokens', payload: { name: 'cli' } })).json().token;
});
afterAll(() => h.close());

const cli = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'scripts/import-spec.ts', ...args, '--api', api, '--token', token], { cwd: ROOT }).catch((e) => e);

it('imports a campaign file and exports it back unchanged', async () => {
  const file = path.join(os.tmpdir(), `spec-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify(EXAMPLE_SPEC, null, 2));
  const imported = await cli(file);
  expect(imported.stdout).toContain('Created campaign nantong-2026');
  const exported = await cli('--export', 'nantong-2026');
  expect(exported.stdout).toBe(JSON.stringify(EXAMPLE_SPEC, null, 2));
  fs.rmSync(file);
});

it('reports every problem of an invalid file with its path and exits non-zero', async () => {
  const file = path.join(os.tmpdir(), `bad-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify({ ...EXAMPLE_SPEC, key: 'other', units: [{ key: 'x', name: 'X', category: 'nope' }] }));
  const res = await cli(file, '--check');
  expect(res.code).toBe(1);
  expect(res.stderr).toContain('SPEC_INVALID');
  expect(res.stderr).toContain('units[0].category');
  fs.rmSync(file);
});

it('lists a file’s problems at once with their codes, in Chinese with --lang zh', async () => {
  const file = path.join(os.tmpdir(), `bad-zh-${process.pid}.json`);
  const spec = structuredClone(EXAMPLE_SPEC);
  spec.units[1].key = spec.units[0].key;
  spec.components[0].weight = 31;
  fs.writeFileSync(file, JSON.stringify(spec));
  const en = await cli(file, '--check');
  expect(en.code).toBe(1);
  expect(en.stderr).toContain(`units[1].key: duplicate key "${spec.units[0].key}" (first at units[0])  [DUPLICATE_KEY]`);
  expect(en.stderr).toContain('components: component weights add up to 101, not 100  [WEIGHTS_NOT_100]');
  const zh = await cli(file, '--check', '--lang', 'zh');
  expect(zh.stderr).toContain(`units[1].key（单位 第2项 › 编码）：编码“${spec.units[0].key}”重复，与单位 第1项相同。`);
  expect(zh.stderr).toContain('各考评构成的权重合计为 101，应为 100。');
  fs.rmSync(file);
});

it('names the line and column of a file that is not JSON, sending nothing', async () => {
  const file = path.join(os.tmpdir(), `broken-${process.pid}.json`);
  fs.writeFileSync(file, '{\n  "specVersion": 1,\n  "key": "x"\n  "series": "y"\n}');
  const res = await cli(file, '--check');
  expect(res.code).toBe(1);
  expect(res.stderr).toContain('is not valid JSON; nothing was sent');
  expect(res.stderr).toContain('(root): not valid JSON: unexpected character " at line 4, column 3  [JSON_INVALID]');
  fs.rmSync(file);
});

it('resets the admin’s lost password from the command line: a one-time password, the old one and every session gone', async () => {
  const { ADMIN_PASSWORD } = await import('./harness.js');
  const reset = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'server/src/main.ts', 'reset-admin-password', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: h.config.databaseUrl, APP_SECRET: h.config.appSecret, LOG_LEVEL: 'silent' },
    }).catch((e) => e);
  const before = (await h.admin({ method: 'GET', url: '/api/v1/auth/me' })).statusCode;
  expect(before).toBe(200);
  const out = await reset();
  const password = out.stdout.match(/New one-time password for admin: (\S+)/)?.[1];
  expect(password, out.stderr).toMatch(/^[A-Za-z0-9]{16}$/);
  // The session the admin had is over (once PostgreSQL's notice of the change,
  // sent at the other process's commit, has reached this one), and the old
  // password no longer opens one.
  await vi.waitFor(async () => expect((await h.admin({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401), { timeout: 10_000, interval: 50 });
  const login = (pw: string) => h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: pw } });
  expect((await login(ADMIN_PASSWORD)).statusCode).toBe(401);
  const fresh = await login(password!);
  expect(fresh.statusCode).toBe(200);
  expect(fresh.json().mustChangePassword).toBe(true);
  const unknown = await reset('nobody');
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toContain('No user "nobody"');
}, 180_000);
