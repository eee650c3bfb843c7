import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { createUser } from '../../server/src/modules/auth/auth.service.js';
import { ADMIN_PASSWORD, EXAMPLE_SPEC, createHarness, firstLogin, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
  await h.admin({ method: 'POST', url: '/api/v1/campaigns/import', payload: EXAMPLE_SPEC });
});
afterAll(() => h.close());

const login = (payload: unknown) => h.inject({ method: 'POST', url: '/api/v1/auth/login', payload: payload as object });
const me = (headers: Record<string, string> = {}) => h.inject({ method: 'GET', url: '/api/v1/auth/me', headers });
const cookieOf = (res: { headers: Record<string, unknown> }) => String(res.headers['set-cookie']).split(';')[0];

describe('logging in and out', () => {
  it('logs in with the right password and sets an httpOnly session cookie', async () => {
    const res = await login({ username: 'admin', password: ADMIN_PASSWORD });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: expect.any(Number), username: 'admin', displayName: 'admin', role: 'admin', mustChangePassword: false });
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^mp_session=[A-Za-z0-9_-]{40,};/);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).not.toMatch(/Secure/); // PUBLIC_URL is http here
    expect(JSON.stringify(res.json())).not.toContain('password');
    const who = await me({ cookie: cookieOf(res) });
    expect(who.statusCode).toBe(200);
    expect(who.json().username).toBe('admin');
  });

  it.each([
    ['a wrong password', { username: 'admin', password: 'not-the-password' }],
    ['an unknown user', { username: 'nobody', password: ADMIN_PASSWORD }],
  ])('refuses %s with 401 INVALID_CREDENTIALS and no cookie', async (_what, body) => {
    const res = await login(body);
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toEqual({ code: 'INVALID_CREDENTIALS', message: 'Wrong username or password' });
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('refuses malformed bodies with 400', async () => {
    expect((await login({ username: 'admin' })).json().error.code).toBe('VALIDATION_FAILED');
    expect((await login({ username: 'admin', password: '' })).statusCode).toBe(400);
    expect((await login({ username: 'admin', password: ADMIN_PASSWORD, remember: true })).statusCode).toBe(400);
    const raw = await h.inject({ method: 'POST', url: '/api/v1/auth/login', payload: '{"username":', headers: { 'content-type': 'application/json' } });
    expect(raw.statusCode).toBe(400);
    expect(raw.json().error.code).toBe('MALFORMED_JSON');
  });

  it('answers /auth/me with 401 without a valid session', async () => {
    const anon = await me();
    expect(anon.statusCode).toBe(401);
    expect(anon.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'Log in first' }, requestId: expect.any(String) });
    expect((await me({ cookie: 'mp_session=made-up' })).statusCode).toBe(401);
  });

  it('revokes the session on logout', async () => {
    const cookie = cookieOf(await login({ username: 'admin', password: ADMIN_PASSWORD }));
    expect((await me({ cookie })).statusCode).toBe(200);
    const out = await h.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^mp_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await me({ cookie })).statusCode).toBe(401);
    expect((await h.inject({ method: 'GET', url: '/api/v1/campaigns', headers: { cookie } })).statusCode).toBe(401);
    // The other session of the same user is untouched.
    expect((await me({ cookie: h.adminCookie })).statusCode).toBe(200);
  });

  it('lets an evaluator read results but not change anything', async () => {
    const invited = await h.admin({ method: 'POST', url: '/api/v1/users', payload: { username: 'leader', role: 'evaluator', campaigns: ['nantong-2026'] } });
    expect(invited.statusCode).toBe(201);
    const cookie = await firstLogin(h, 'leader', invited.json().password);
    expect((await me({ cookie })).json().role).toBe('evaluator');
    expect((await h.inject({ method: 'GET', url: '/api/v1/campaigns/nantong-2026/results', headers: { cookie } })).statusCode).toBe(200);
    const res = await h.inject({ method: 'POST', url: '/api/v1/campaigns/import', payload: EXAMPLE_SPEC, headers: { cookie } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
  });
});

describe('API tokens', () => {
  it('is shown once, works as a Bearer token, is never listed, and stops working when revoked', async () => {
    const created = await h.admin({ method: 'POST', url: '/api/v1/auth/tokens', payload: { name: '数据导入脚本' } });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json();
    expect(created.json()).toEqual({ id: expect.any(Number), name: '数据导入脚本', token: expect.stringMatching(/^mpt_[A-Za-z0-9_-]{32}$/) });
    const bearer = { authorization: `Bearer ${token}` };

    const used = await h.inject({ method: 'GET', url: '/api/v1/campaigns/nantong-2026/spec', headers: bearer });
    expect(used.statusCode).toBe(200);
    expect(JSON.parse(used.body).key).toBe('nantong-2026');
    const patched = await h.inject({ method: 'PATCH', url: '/api/v1/campaigns/nantong-2026', payload: { theme: '脚本改的主题' }, headers: bearer });
    expect(patched.json().theme).toBe('脚本改的主题');
    expect((await me(bearer)).json().username).toBe('admin');

    const list = await h.admin({ method: 'GET', url: '/api/v1/auth/tokens' });
    expect(list.json()).toEqual([{ id, name: '数据导入脚本', createdAt: expect.any(String), lastUsedAt: expect.toSatisfy((v) => v === null || typeof v === 'string'), revokedAt: null }]);
    expect(list.body).not.toContain(token);
    expect(list.body).not.toContain(token.slice(4));
    const stored = await h.ctx.database.query<{ row: string }>(`select row_to_json(t)::text as row from api_tokens t`);
    expect(stored.map((r) => r.row).join()).not.toContain(token.slice(4));

    expect((await h.admin({ method: 'DELETE', url: `/api/v1/auth/tokens/${id}` })).statusCode).toBe(204);
    const after = await h.inject({ method: 'GET', url: '/api/v1/campaigns', headers: bearer });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('UNAUTHENTICATED');
    expect((await h.admin({ method: 'GET', url: '/api/v1/auth/tokens' })).json()[0].revokedAt).toEqual(expect.any(String));
    expect((await h.admin({ method: 'DELETE', url: `/api/v1/auth/tokens/${id}` })).statusCode).toBe(404);
  });

  it('refuses a made-up token, an empty name, and revoking another user\'s token', async () => {
    expect((await me({ authorization: 'Bearer mpt_made-up-token-made-up-token-12' })).statusCode).toBe(401);
    expect((await h.admin({ method: 'POST', url: '/api/v1/auth/tokens', payload: { name: ' ' } })).statusCode).toBe(400);
    await createUser(h.ctx, { username: 'other', password: 'other-password', role: 'admin' });
    const other = cookieOf(await login({ username: 'other', password: 'other-password' }));
    const { id } = (await h.admin({ method: 'POST', url: '/api/v1/auth/tokens', payload: { name: 'mine' } })).json();
    const res = await h.inject({ method: 'DELETE', url: `/api/v1/auth/tokens/${id}`, headers: { cookie: other } });
    expect(res.statusCode).toBe(404);
    expect((await h.admin({ method: 'GET', url: '/api/v1/auth/tokens' })).json().find((t: { id: number }) => t.id === id).revokedAt).toBeNull();
  });
});

describe('every admin route', () => {
  // Public on purpose: voting, receipts, published results, logging in, the docs and ops probes.
  const PUBLIC = [/^\/api\/v1\/(vote|receipts|public)\//, /^\/api\/v1\/auth\/(login|logout)$/, /^\/api\/v1\/settings$/, /^\/(healthz|readyz|metrics)$/];
  const SAMPLE: Record<string, string> = { key: 'nantong-2026', id: '1', unit: 'w-gs', component: 'daily', series: 'wanrenping' };

  it('refuses an anonymous request with 401 before looking at its body', async () => {
    const doc = (await h.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const routes: InjectOptions[] = [];
    for (const [path, ops] of Object.entries<Record<string, unknown>>(doc.paths)) {
      if (PUBLIC.some((p) => p.test(path))) continue;
      for (const method of Object.keys(ops)) {
        routes.push({ method: method.toUpperCase() as InjectOptions['method'], url: path.replace(/\{(\w+)\}/g, (_, n: string) => SAMPLE[n] ?? 'x') });
      }
    }
    expect(routes.length).toBeGreaterThanOrEqual(25);
    for (const route of [...routes, { method: 'GET', url: '/admin/queues' } as InjectOptions]) {
      for (const extra of [{}, { payload: { unexpected: true } }, { headers: { cookie: 'mp_session=stale' } }, { headers: { authorization: 'Bearer nope' } }]) {
        const res = await h.inject({ ...route, ...extra });
        expect({ route: `${route.method} ${route.url}`, status: res.statusCode, code: res.json().error?.code }).toEqual({
          route: `${route.method} ${route.url}`, status: 401, code: 'UNAUTHENTICATED',
        });
      }
    }
    // Nothing was changed by any of them.
    expect((await h.ctx.database.query(`select 1 from api_tokens where name = 'x'`)).length).toBe(0);
  });
});
