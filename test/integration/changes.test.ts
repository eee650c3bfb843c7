// Reads an api process keeps in memory (who a session belongs to, the stamps
// naming a result's version) last until PostgreSQL says what they rest on
// changed: the notice of migration 0012's triggers, whoever wrote. The proof
// that a read is kept: with the table's trigger switched off, a change written
// straight into the table goes unseen; switched on, it is seen at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, openCampaign, type Harness } from './harness.js';
import { memoProbes } from './changes-helpers.js';

let h: Harness;
let key: string;
beforeAll(async () => {
  h = await createHarness();
  key = await openCampaign(h);
});
afterAll(() => h.close());

const { sql, login, me, eventually, unnoticed, noticesTakenIn } = memoProbes(() => h);

describe('a session kept in memory', () => {
  it('is asked of PostgreSQL once, and refused as soon as a revocation written anywhere commits', async () => {
    const cookie = await login();
    expect(await me(cookie)).toBe(200);
    await unnoticed('sessions', `update sessions set revoked_at = now() where revoked_at is null`);
    // Kept: the change went by without a notice.
    expect(await me(cookie)).toBe(200);
    // Any statement on the table now (here a no-op from "another process") sends the notice.
    await sql(`update sessions set expires_at = expires_at where false`);
    await eventually(async () => (await me(cookie)) === 401);
  });

  it('ends with its logout at once for this process, and with a disabled account or a password reset', async () => {
    const cookie = await login();
    expect(await me(cookie)).toBe(200);
    const out = await h.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBeLessThan(300);
    expect(await me(cookie)).toBe(401);

    // A user's change in the users table (here: disabled by hand, as another process would) ends their kept session.
    const second = await login();
    expect(await me(second)).toBe(200);
    await sql(`update users set disabled_at = now() where username = 'admin'`);
    await eventually(async () => (await me(second)) === 401);
    await sql(`update users set disabled_at = null where username = 'admin'`);
    expect(await me(await login())).toBe(200);
  });
});

describe('the stamp of a result kept in memory', () => {
  it('names the same version until its campaign changes anywhere', async () => {
    const url = `/api/v1/campaigns/${key}/results`;
    const cookie = await login();
    const etag = async () => {
      const res = await h.inject({ method: 'GET', url, headers: { cookie } });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      return res.headers.etag;
    };
    // The first read computes the result; its own notice follows.
    await etag();
    await eventually(async () => (await etag()) === (await etag()));
    await noticesTakenIn(); // any late notice of that computation has come
    await etag();
    const first = await etag();
    expect(first).toBeTruthy();
    await unnoticed('campaigns', `update campaigns set updated_at = updated_at + interval '1 second' where key = '${key}'`);
    expect(await etag()).toBe(first);
    await sql(`update campaigns set updated_at = updated_at + interval '1 second' where key = '${key}'`);
    await eventually(async () => (await etag()) !== first);
  });
});
