// The listening connection of an api process on PostgreSQL (PGlite listens in
// its own process and cannot lose it): while it is lost, nothing is kept.
// Apart from changes.test.ts, which also runs on a pool of one and PGlite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.js';
import { memoProbes } from './changes-helpers.js';
import { LISTENER_NAME } from '../../server/src/infra/db.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const { sql, login, me, eventually, unnoticed } = memoProbes(() => h);

describe('a session kept in memory, when the listening connection is lost', () => {
  it('is not kept while the listening connection is lost, and kept again once it is back', async () => {
    const cookie = await login();
    expect(await me(cookie)).toBe(200);
    await unnoticed('sessions', `update sessions set revoked_at = now() where revoked_at is null`);
    expect(await me(cookie)).toBe(200);
    // By its name: its last query is the heartbeat's as often as its LISTEN.
    const rows = await sql(`select pg_terminate_backend(pid) as killed from pg_stat_activity where datname = current_database() and application_name = '${LISTENER_NAME}'`);
    expect(rows).toEqual([{ killed: true }]);
    // Lost: every read goes to PostgreSQL, which knows the session is over.
    await eventually(async () => (await me(cookie)) === 401, 10_000);
    await eventually(async () => h.ctx.changes.listening, 10_000);
    const fresh = await login();
    expect(await me(fresh)).toBe(200);
    await unnoticed('sessions', `update sessions set revoked_at = now() where revoked_at is null`);
    expect(await me(fresh)).toBe(200);
  });
});
