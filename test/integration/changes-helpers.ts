// Probes for the reads an api process keeps in memory (infra/changes.ts),
// shared by changes.test.ts and changes-listener.test.ts.
import { expect } from 'vitest';
import { ADMIN_PASSWORD, type Harness } from './harness.js';
import { CHANGES_CHANNEL } from '../../server/src/infra/changes.js';

/** `harness`: the file's harness, made in its beforeAll. */
export function memoProbes(harness: () => Harness) {
  const sql = (text: string) => harness().ctx.database.query(text);
  async function eventually(check: () => Promise<boolean>, ms = 3000) {
    const until = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > until) throw new Error('not within the time');
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  return {
    sql,
    /** A fresh session of the admin: its cookie. */
    async login() {
      const res = await harness().inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
      expect(res.statusCode).toBe(200);
      return String(res.headers['set-cookie']).split(';')[0];
    },
    me: async (cookie: string) => (await harness().inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode,
    eventually,
    /**
     * Waits until every notice sent before now has been taken in: a marker
     * notice (of `users`) is sent, and a memo of its own is read until it sees
     * it. Notices reach the process in the order they were sent.
     */
    async noticesTakenIn() {
      let loads = 0;
      const marker = harness().ctx.changes.memo<number>(`test.marker.${Math.random()}`, { tables: ['users'], ttlMs: 60_000, maxEntries: 1 });
      const read = () => marker.get('marker', async () => ++loads);
      // Kept first (a read during another notice is not kept): read until a read loads nothing.
      await eventually(async () => {
        const was = loads;
        await read();
        return loads === was;
      }, 10_000);
      const before = loads;
      await sql(`select pg_notify('${CHANGES_CHANNEL}', 'users')`);
      await eventually(async () => (await read(), loads > before), 10_000);
    },
    /** Runs `write` with the table's notice switched off, so only a kept read can still see the old row. */
    async unnoticed(table: string, write: string) {
      await sql(`alter table ${table} disable trigger ${table}_changed`);
      try {
        await sql(write);
      } finally {
        await sql(`alter table ${table} enable trigger ${table}_changed`);
      }
    },
  };
}
