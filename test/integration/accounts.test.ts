// Accounts as OWASP ASVS level 2 asks: a password change ends the other
// sessions, one-time passwords are forced to change and have no look-alikes,
// passwords follow ASVS 2.1, and guessing is throttled per account.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { ONE_TIME_ALPHABET } from '../../server/src/modules/auth/passwords.js';
import { EXAMPLE_SPEC, chosenPassword, createHarness, firstLogin, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
  await h.admin({ method: 'POST', url: '/api/v1/campaigns/import', payload: EXAMPLE_SPEC });
});
afterAll(() => h.close());

// Each request from its own address: what is tested is the per-account limit,
// not the per-address one.
let addresses = 0;
const from = () => `10.77.${Math.floor(++addresses / 250)}.${addresses % 250}`;
const login = (username: string, password: string) =>
  h.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress: from() });
const cookieOf = (res: { headers: Record<string, unknown> }) => String(res.headers['set-cookie']).split(';')[0];
const as = (cookie: string, opts: InjectOptions) => h.inject({ ...opts, headers: { ...(opts.headers ?? {}), cookie }, remoteAddress: from() });
const me = (cookie: string) => as(cookie, { method: 'GET', url: '/api/v1/auth/me' });
const changePassword = (cookie: string, current: string, next: string) => as(cookie, { method: 'POST', url: '/api/v1/me/password', payload: { current, next } });
async function invite(username: string, role = 'evaluator') {
  const res = await h.admin({ method: 'POST', url: '/api/v1/users', payload: { username, role, ...(role === 'evaluator' ? { campaigns: ['nantong-2026'] } : {}) } });
  expect(res.statusCode).toBe(201);
  return { id: res.json().user.id as number, password: res.json().password as string };
}

describe('a password change ends the other sessions', () => {
  it('logs out every other session, gives the caller a fresh session id, keeps API tokens; an admin reset ends those too', async () => {
    const { id, password: otp } = await invite('sessions-user');
    let cookie = await firstLogin(h, 'sessions-user', otp);
    const mine = chosenPassword('sessions-user');
    const phone = cookieOf(await login('sessions-user', mine));
    const laptop = cookieOf(await login('sessions-user', mine));
    const token = (await as(laptop, { method: 'POST', url: '/api/v1/auth/tokens', payload: { name: 'script' } })).json().token as string;
    for (const c of [cookie, phone, laptop]) expect((await me(c)).statusCode).toBe(200);

    const next = 'Otter quilt harbour 42 dawn';
    const changed = await changePassword(laptop, mine, next);
    expect(changed.statusCode).toBe(204);
    // The phone and the first session, and the laptop's old id, are gone.
    for (const c of [cookie, phone, laptop]) expect({ c, code: (await me(c)).json().error?.code }).toEqual({ c, code: 'UNAUTHENTICATED' });
    const fresh = cookieOf(changed);
    expect(fresh).toMatch(/^mp_session=[A-Za-z0-9_-]{40,}$/);
    expect(fresh).not.toBe(laptop);
    expect((await me(fresh)).statusCode).toBe(200);
    expect((await login('sessions-user', mine)).statusCode).toBe(401);
    // API tokens are their own credentials: they outlive the user's own change.
    const bearer = { authorization: `Bearer ${token}` };
    expect((await h.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer })).statusCode).toBe(200);

    // The office resets the password: sessions and tokens end, a new one-time password must be changed.
    cookie = fresh;
    const reset = await h.admin({ method: 'POST', url: `/api/v1/users/${id}/password` });
    expect(reset.statusCode).toBe(200);
    expect((await me(cookie)).statusCode).toBe(401);
    expect((await h.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer })).statusCode).toBe(401);
    expect((await login('sessions-user', next)).statusCode).toBe(401);
    const again = await login('sessions-user', reset.json().password);
    expect(again.json().mustChangePassword).toBe(true);
    const audit = (await h.admin({ method: 'GET', url: '/api/v1/audit?action=users.password-reset' })).json();
    expect(JSON.stringify(audit)).toContain('sessions-user');
  });

  it('lets no admin reset their own password (that is a change, with the current one)', async () => {
    const self = (await h.admin({ method: 'GET', url: '/api/v1/auth/me' })).json().id;
    expect((await h.admin({ method: 'POST', url: `/api/v1/users/${self}/password` })).statusCode).toBe(409);
    expect((await h.admin({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(200);
  });
});

describe('one-time passwords', () => {
  it('must be changed before anything else works', async () => {
    const { password } = await invite('first-timer');
    const res = await login('first-timer', password);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ username: 'first-timer', mustChangePassword: true });
    const cookie = cookieOf(res);
    expect((await me(cookie)).json().mustChangePassword).toBe(true);
    for (const [method, url] of [['GET', '/api/v1/campaigns'], ['GET', '/api/v1/me/scope'], ['GET', '/api/v1/campaigns/nantong-2026/results'], ['POST', '/api/v1/auth/tokens'], ['GET', '/admin/queues']] as const) {
      const refused = await as(cookie, { method, url, ...(method === 'POST' ? { payload: { name: 'x' } } : {}) });
      expect({ url, status: refused.statusCode, code: refused.json().error?.code }).toEqual({ url, status: 403, code: 'PASSWORD_CHANGE_REQUIRED' });
    }
    // The one-time password cannot be "changed" to itself.
    expect((await changePassword(cookie, password, password)).json().error.code).toBe('PASSWORD_REUSED');
    const changed = await changePassword(cookie, password, chosenPassword('first-timer'));
    expect(changed.statusCode).toBe(204);
    const fresh = cookieOf(changed);
    expect((await me(fresh)).json().mustChangePassword).toBe(false);
    expect((await as(fresh, { method: 'GET', url: '/api/v1/campaigns' })).statusCode).toBe(200);
    expect((await h.ctx.database.query(`select 1 from api_tokens where name = 'x'`)).length).toBe(0);
  });

  it('is refused on every operation but /auth/me, /me/password and logout (read from the OpenAPI document)', async () => {
    const { password } = await invite('pending-everywhere', 'admin');
    const cookie = cookieOf(await login('pending-everywhere', password));
    const doc = (await h.admin({ method: 'GET', url: '/api/docs/json' })).json();
    const OPEN = [/^\/api\/v1\/(vote|receipts|public)\//, /^\/api\/v1\/auth\/(login|logout|me)$/, /^\/api\/v1\/me\/password$/, /^\/api\/v1\/settings$/, /^\/(healthz|readyz|metrics)$/];
    const SAMPLE: Record<string, string> = { key: 'nantong-2026', id: '1', unit: 'w-gs', component: 'daily', series: 'wanrenping' };
    let checked = 0;
    for (const [path, ops] of Object.entries<Record<string, unknown>>(doc.paths)) {
      if (OPEN.some((p) => p.test(path))) continue;
      for (const method of Object.keys(ops)) {
        const url = path.replace(/\{(\w+)\}/g, (_, n: string) => SAMPLE[n] ?? 'x');
        const res = await as(cookie, { method: method.toUpperCase() as InjectOptions['method'], url, payload: { unexpected: true } });
        expect({ route: `${method} ${url}`, status: res.statusCode, code: res.json().error?.code }).toEqual({ route: `${method} ${url}`, status: 403, code: 'PASSWORD_CHANGE_REQUIRED' });
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(25);
    expect((await me(cookie)).statusCode).toBe(200);
  });

  it('are 16 characters without look-alikes, for invites and resets alike', async () => {
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) seen.push((await invite(`otp-${i}`)).password);
    const { id } = await invite('otp-reset');
    for (let i = 0; i < 3; i++) seen.push((await h.admin({ method: 'POST', url: `/api/v1/users/${id}/password` })).json().password);
    expect(new Set(seen).size).toBe(seen.length);
    for (const p of seen) {
      expect(p).toMatch(new RegExp(`^[${ONE_TIME_ALPHABET}]{16}$`));
      expect(p).not.toMatch(/[0Oo1lIi2Zz5SsBG6gqQ]/);
    }
  });
});

describe('password rules (ASVS 2.1)', () => {
  let cookie: string;
  const current = chosenPassword('rules-user');
  beforeAll(async () => {
    cookie = await firstLogin(h, 'rules-user', (await invite('rules-user')).password);
  });

  it.each([
    ['ten characters', 'aaaaaaaaaa', 'PASSWORD_TOO_SHORT'],
    ['eleven characters', 'Vx9#kq2!Lm4', 'PASSWORD_TOO_SHORT'],
    ['one repeated letter', 'aaaaaaaaaaaa', 'PASSWORD_TOO_COMMON'],
    ['a breached password', 'password1234', 'PASSWORD_TOO_COMMON'],
    ['a keyboard run', '1qaz2wsx3edc4rfv', 'PASSWORD_TOO_COMMON'],
    ['a sequence', 'abcdefghijklmnop', 'PASSWORD_TOO_COMMON'],
    ['the username inside', 'Rules-User-Lantern-92', 'PASSWORD_CONTAINS_USERNAME'],
    ['129 characters', 'Gq7'.repeat(43), 'PASSWORD_TOO_LONG'],
    ['the current password', current, 'PASSWORD_REUSED'],
  ])('refuses %s with 422 %s and keeps the old password', async (_what, next, code) => {
    const res = await changePassword(cookie, current, next);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe(code);
    expect((await me(cookie)).statusCode).toBe(200);
  });

  it('refuses a wrong current password with 401 and keeps the session', async () => {
    const res = await changePassword(cookie, 'not-my-password-at-all', 'Heron pebble window 88 tide');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('INVALID_CREDENTIALS');
    expect((await me(cookie)).statusCode).toBe(200);
  });

  it.each([
    ['twelve Chinese characters', '秋天的风吹过南通的老城墙'],
    ['a passphrase with spaces', 'correct horse battery staple'],
    ['128 characters', 'Tq4;'.repeat(31) + 'Xy8!'],
  ])('accepts %s, with no composition rules', async (_what, next) => {
    const res = await changePassword(cookie, chosenPassword('rules-user'), next);
    expect(res.statusCode).toBe(204);
    cookie = cookieOf(res);
    // Back to the known one for the next case.
    const back = await changePassword(cookie, next, chosenPassword('rules-user'));
    expect(back.statusCode).toBe(204);
    cookie = cookieOf(back);
  });
});

describe('per-account throttling', () => {
  const wrongThenLocked = async (username: string, right: string) => {
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await login(username, `wrong-guess-number-${i}`));
    const locked = await login(username, right);
    return { answers, locked };
  };

  it('locks an account after 5 wrong passwords from any number of addresses, even for the right one, with 429 and Retry-After', async () => {
    const { password } = await invite('guessed');
    const { answers, locked } = await wrongThenLocked('guessed', password);
    expect(answers.map((a) => a.statusCode)).toEqual([401, 401, 401, 401, 401]);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('TOO_MANY_ATTEMPTS');
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(locked.headers['set-cookie']).toBeUndefined();
    // Another account is not affected.
    expect((await login('admin', 'test-admin-password')).statusCode).toBe(200);

    // When the window has passed, the right password works and the count starts again.
    await h.ctx.database.query(`update login_throttle set window_start = now() - interval '16 minutes'`);
    expect((await login('guessed', password)).statusCode).toBe(200);
    expect((await login('guessed', 'wrong-again-wrong-again')).statusCode).toBe(401);
  });

  it('answers an unknown username exactly like a real one, so a lockout reveals nothing', async () => {
    const { password } = await invite('real-name');
    const real = await wrongThenLocked('real-name', password);
    const fake = await wrongThenLocked('made-up-name', password);
    const shape = (r: { statusCode: number; headers: Record<string, unknown>; json(): { error: unknown } }) => ({ status: r.statusCode, error: r.json().error, retry: r.headers['retry-after'] !== undefined });
    expect([...fake.answers, fake.locked].map(shape)).toEqual([...real.answers, real.locked].map(shape));
    // No username, tried or real, is stored in the clear.
    const rows = await h.ctx.database.query<{ row: string }>(`select row_to_json(t)::text as row from login_throttle t`);
    expect(rows.map((r) => r.row).join()).not.toMatch(/made-up-name|real-name/);
  });

  it('an admin reset lifts the lockout', async () => {
    const { id, password } = await invite('locked-out');
    expect((await wrongThenLocked('locked-out', password)).locked.statusCode).toBe(429);
    const reset = await h.admin({ method: 'POST', url: `/api/v1/users/${id}/password` });
    expect((await login('locked-out', reset.json().password)).statusCode).toBe(200);
  });

  it('throttles wrong current passwords on /me/password the same way, and rate-limits the route', async () => {
    const cookie = await firstLogin(h, 'changer', (await invite('changer')).password);
    for (let i = 0; i < 5; i++) expect((await changePassword(cookie, `wrong-current-${i}`, 'Heron pebble window 88 tide')).statusCode).toBe(401);
    const locked = await changePassword(cookie, chosenPassword('changer'), 'Heron pebble window 88 tide');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await me(cookie)).statusCode).toBe(200);

    // Right current password but refused new ones: not counted as guesses, yet the route has a rate limit.
    const other = await firstLogin(h, 'changer-2', (await invite('changer-2')).password);
    const codes: string[] = [];
    for (let i = 0; i < 22; i++) codes.push((await changePassword(other, chosenPassword('changer-2'), 'short')).json().error.code);
    expect(codes.slice(0, 19).every((c) => c === 'PASSWORD_TOO_SHORT')).toBe(true);
    expect(codes.at(-1)).toBe('RATE_LIMITED');
  });

  it('counts a caller who is not signed in against the route’s limit too: the limit runs before the guard', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 22; i++) {
      const res = await h.inject({ method: 'POST', url: '/api/v1/me/password', payload: { current: 'x', next: 'y' }, remoteAddress: '10.99.0.1' });
      codes.push(res.json().error.code);
    }
    expect(codes.slice(0, 20).every((c) => c === 'UNAUTHENTICATED')).toBe(true);
    expect(codes.at(-1)).toBe('RATE_LIMITED');
  });
});
