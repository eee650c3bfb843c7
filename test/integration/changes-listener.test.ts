// The listening connection of an api process on PostgreSQL (PGlite listens in
// its own process and cannot lose it): while it is lost, nothing is kept.
// Apart from changes.test.ts, which also runs on a pool of one and PGlite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const sql = (text: string) => h.ctx.database.query(text);
const login = async () => {
  const res = await h.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
  expect(res.statusCode).toBe(200);
  return String(res.headers['set-cookie']).split(';')[0];
};
const me = async (cookie: string) => (await h.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode;
async function eventually(check: () => Promise<boolean>, ms = 3000) {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('not within the time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
async function unnoticed(table: string, write: string) {
  await sql(`alter table ${table} disable trigger ${table}_changed`);
  try {
    await sql(write);
  } finally {
    await sql(`alter table ${table} enable trigger ${table}_changed`);
  }
}

describe('a session kept in memory, when the listening connection is lost', () => {
  it('is not kept while the listening connection is lost, and kept again once it is back', async () => {
    const cookie = await login();
    expect(await me(cookie)).toBe(200);
    await unnoticed('sessions', `update sessions set revoked_at = now() where revoked_at is null`);
    expect(await me(cookie)).toBe(200);
    await sql(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'listen %'`);
    // Lost: every read goes to PostgreSQL, which knows the session is over.
    await eventually(async () => (await me(cookie)) === 401);
    await eventually(async () => h.ctx.changes.listening);
    const fresh = await login();
    expect(await me(fresh)).toBe(200);
    await unnoticed('sessions', `update sessions set revoked_at = now() where revoked_at is null`);
    expect(await me(fresh)).toBe(200);
  });
});
