// What a hostile page in the admin's browser can make the console do: nothing.
// Cross-site state changes are refused, only documented body types are read,
// and every response tells the browser not to frame, sniff or leak the URL.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, openCampaign, type Harness } from './harness.js';

const WEB_DIST = path.resolve(import.meta.dirname, '../../web/dist');
let h: Harness;
let key: string;

beforeAll(async () => {
  h = await createHarness({ WEB_DIST });
  key = await openCampaign(h);
});
afterAll(() => h.close());

const csvUrl = () => `/api/v1/campaigns/${key}/scores/daily/csv?dryRun=true`;
const CSV = 'unit,score\nd-fgw-tz,90\n';
const entries = async () => Number((await h.ctx.database.query<{ n: number }>(`select count(*)::int as n from entered_scores`))[0].n);

describe('cross-site requests', () => {
  it('refuses the scores CSV upload from a foreign page with the admin cookie (403, nothing stored)', async () => {
    const before = await entries();
    const evil = await h.admin({ method: 'POST', url: csvUrl().replace('?dryRun=true', ''), payload: CSV, headers: { 'content-type': 'text/csv', origin: 'https://evil.example' } });
    expect(evil.statusCode).toBe(403);
    expect(evil.json().error.code).toBe('CROSS_SITE_REQUEST');
    const fetchMeta = await h.admin({ method: 'POST', url: csvUrl(), payload: CSV, headers: { 'content-type': 'text/csv', 'sec-fetch-site': 'cross-site' } });
    expect(fetchMeta.statusCode).toBe(403);
    expect(fetchMeta.json().error.code).toBe('CROSS_SITE_REQUEST');
    // A sibling subdomain is same-site, not same-origin; "null" is a sandboxed frame.
    for (const origin of ['http://evil.vote.example.test', 'null']) {
      const res = await h.admin({ method: 'POST', url: csvUrl(), payload: CSV, headers: { 'content-type': 'text/csv', origin, 'sec-fetch-site': 'same-site' } });
      expect(res.statusCode, origin).toBe(403);
    }
    expect(await entries()).toBe(before);
  });

  it('refuses an audited read (the phone reveal) followed from a foreign link, before it is audited', async () => {
    const audits = async () => Number((await h.ctx.database.query<{ n: number }>(`select count(*)::int as n from audit_log`))[0].n);
    const before = await audits();
    // A top-level navigation from another site: SameSite=Lax sends the cookie on it.
    const res = await h.admin({ method: 'GET', url: '/api/v1/tasks/1/contact', headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CROSS_SITE_REQUEST');
    expect(await audits()).toBe(before);
    // From the console itself it goes on to the route (here: no such task).
    const own = await h.admin({ method: 'GET', url: '/api/v1/tasks/1/contact', headers: { 'sec-fetch-site': 'same-origin' } });
    expect(own.statusCode).toBe(404);
  });

  it('refuses text/plain (what a cross-site form sends) on the scores CSV route with 415', async () => {
    const res = await h.admin({ method: 'POST', url: csvUrl(), payload: CSV, headers: { 'content-type': 'text/plain' } });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    // Nor does a JSON route read a CSV, or a form.
    const put = await h.admin({ method: 'PUT', url: `/api/v1/campaigns/${key}/scores/daily`, payload: CSV, headers: { 'content-type': 'text/csv' } });
    expect(put.statusCode).toBe(415);
    const form = await h.admin({ method: 'POST', url: '/api/v1/auth/tokens', payload: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.statusCode).toBe(415);
  });

  it('lets the console through: same origin (PUBLIC_URL or the Host it was sent to), and clients that are not browsers', async () => {
    const sameOrigin = [
      { origin: 'http://vote.example.test', 'sec-fetch-site': 'same-origin' },
      { origin: 'http://console.internal:8080', host: 'console.internal:8080', 'sec-fetch-site': 'same-origin' },
      {}, // curl, scripts
    ];
    for (const headers of sameOrigin) {
      const res = await h.admin({ method: 'POST', url: csvUrl(), payload: CSV, headers: { 'content-type': 'text/csv; charset=utf-8', ...headers } });
      expect(res.statusCode, JSON.stringify(headers)).toBe(200);
    }
  });

  it('lets an API token through: a browser never attaches one on its own', async () => {
    const created = await h.admin({ method: 'POST', url: '/api/v1/auth/tokens', payload: { name: 'script' } });
    expect(created.statusCode).toBe(201);
    const token = created.json().token;
    const res = await h.inject({ method: 'POST', url: csvUrl(), payload: CSV, headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}`, origin: 'https://elsewhere.example' } });
    expect(res.statusCode).toBe(200);
  });

  it('guards every state-changing operation of the OpenAPI document, except the cookie-less vote path', async () => {
    const doc = (await h.inject({ method: 'GET', url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const checked: string[] = [];
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops).filter((m) => ['post', 'put', 'patch', 'delete'].includes(m))) {
        const url = p.replace(/\{[^}]+\}/g, '1');
        const res = await h.admin({ method: method.toUpperCase() as 'POST', url, payload: {}, headers: { origin: 'https://evil.example' } });
        if (/^\/api\/v1\/(vote|receipts)\//.test(p)) {
          expect(res.json().error?.code, `${method} ${p}`).not.toBe('CROSS_SITE_REQUEST');
          continue;
        }
        expect(res.statusCode, `${method} ${p}`).toBe(403);
        expect(res.json().error.code, `${method} ${p}`).toBe('CROSS_SITE_REQUEST');
        checked.push(`${method} ${p}`);
      }
    }
    expect(checked).toContain('post /api/v1/auth/login'); // login CSRF too
    expect(checked.length).toBeGreaterThan(30);
  });
});

describe('security headers', () => {
  const expectHeaders = (res: { headers: Record<string, unknown> }, what: string) => {
    expect(res.headers['content-security-policy'], what).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy'], what).toContain("script-src 'self'");
    expect(res.headers['x-frame-options'], what).toBe('DENY');
    expect(res.headers['referrer-policy'], what).toBe('no-referrer');
    expect(res.headers['x-content-type-options'], what).toBe('nosniff');
  };

  it('are sent on API answers, errors, health checks and the docs', async () => {
    expectHeaders(await h.admin({ method: 'GET', url: '/api/v1/campaigns' }), 'api');
    expectHeaders(await h.inject({ method: 'GET', url: '/api/v1/campaigns' }), '401');
    expectHeaders(await h.inject({ method: 'GET', url: '/api/v1/vote/ABCDEFGHJKMNP' }), 'vote');
    expectHeaders(await h.inject({ method: 'GET', url: '/healthz' }), 'healthz');
    expectHeaders(await h.inject({ method: 'GET', url: '/api/docs/json' }), 'docs');
  });

  it.skipIf(!fs.existsSync(path.join(WEB_DIST, 'index.html')))('are sent on the web pages and their assets', async () => {
    expectHeaders(await h.inject({ method: 'GET', url: '/v/ABCDEFGHJKMNP' }), 'voter page');
    expectHeaders(await h.inject({ method: 'GET', url: '/admin' }), 'console');
    const js = fs.readdirSync(path.join(WEB_DIST, 'assets')).find((f) => f.endsWith('.js'))!;
    expectHeaders(await h.inject({ method: 'GET', url: `/assets/${js}` }), 'asset');
  });
});
