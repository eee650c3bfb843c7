// Probes for the reads an api process keeps in memory (infra/changes.ts),
// shared by changes.test.ts and changes-listener.test.ts.
import { expect } from 'vitest';
import { ADMIN_PASSWORD, type Harness } from './harness.js';

/** `harness`: the file's harness, made in its beforeAll. */
export function memoProbes(harness: () => Harness) {
  const sql = (text: string) => harness().ctx.database.query(text);
  return {
    sql,
    /** A fresh session of the admin: its cookie. */
    async login() {
      const res = await harness().inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
      expect(res.statusCode).toBe(200);
      return String(res.headers['set-cookie']).split(';')[0];
    },
    me: async (cookie: string) => (await harness().inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode,
    async eventually(check: () => Promise<boolean>, ms = 3000) {
      const until = Date.now() + ms;
      while (!(await check())) {
        if (Date.now() > until) throw new Error('not within the time');
        await new Promise((r) => setTimeout(r, 20));
      }
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
