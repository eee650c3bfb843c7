// Rankings reads: each computed or published version is serialised and
// compressed once, named by a strong ETag, answered 304 when the client has
// it; access is checked before any of that.
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { campaignWithProblems, person } from './accountability-helpers.js';
import { createHarness, type Harness } from './harness.js';
import { publicVersion, resultsCache } from '../../server/src/modules/results/results.service.js';
import { etagFor } from '../../server/src/lib/encoded-cache.js';

let h: Harness;
let evaluatorOfB: Awaited<ReturnType<typeof person>>;
const A = '/api/v1/campaigns/cache-a/results';
const B = '/api/v1/campaigns/cache-b/results';
const PUBLIC_A = '/api/v1/public/campaigns/cache-a/results';

/** Waits until no campaign's computed result is older than its inputs (the worker recomputes on its own). */
async function fresh(timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const stale = await h.ctx.database.query(
      `select 1 from campaigns c left join campaign_results r on r.campaign_id = c.id
        where c.tallies_changed_at is not null and (r.computed_at is null or r.computed_at < c.tallies_changed_at)`);
    if (!stale.length) return;
    if (Date.now() > until) throw new Error('results never caught up');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const get = (url: string, headers: Record<string, string> = {}) => h.admin({ method: 'GET', url, headers });
const decoded = (res: LightMyRequestResponse) => {
  const enc = res.headers['content-encoding'];
  const raw = res.rawPayload;
  return (enc === 'br' ? zlib.brotliDecompressSync(raw) : enc === 'gzip' ? zlib.gunzipSync(raw) : raw).toString('utf8');
};

beforeAll(async () => {
  h = await createHarness();
  await h.startWorker();
  await campaignWithProblems(h, 'cache-a', 2025);
  await campaignWithProblems(h, 'cache-b', 2026);
  evaluatorOfB = await person(h, 'evaluator-b', 'evaluator', { campaigns: ['cache-b'] });
  await fresh();
});
afterAll(() => h.close());

describe('the current results of a campaign', () => {
  it('carry a strong ETag that stays the same across reads, with no-cache and Vary', async () => {
    const first = await get(A, { 'accept-encoding': 'identity' });
    const second = await get(A, { 'accept-encoding': 'identity' });
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.body).toBe(first.body);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    expect(first.headers.vary).toMatch(/accept-encoding/i);
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(first.headers['content-encoding']).toBeUndefined();
    expect(Number(first.headers['content-length'])).toBe(first.rawPayload.length);
    expect(first.json().campaign.key).toBe('cache-a');
  });

  it('answer 304 with no body when If-None-Match names the version held', async () => {
    const { headers } = await get(A, { 'accept-encoding': 'gzip' });
    const again = await get(A, { 'accept-encoding': 'gzip', 'if-none-match': String(headers.etag) });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    expect(again.headers.etag).toBe(headers.etag);
    expect(again.headers['cache-control']).toBe('private, no-cache');
    // The tag names one encoding: the plain answer is another representation.
    expect((await get(A, { 'accept-encoding': 'identity', 'if-none-match': String(headers.etag) })).statusCode).toBe(200);
  });

  it('decode from gzip and br to the same JSON as the plain answer, with the right lengths', async () => {
    const plain = await get(A, { 'accept-encoding': 'identity' });
    const etags = new Set([plain.headers.etag]);
    for (const enc of ['gzip', 'br']) {
      const res = await get(A, { 'accept-encoding': enc === 'br' ? 'gzip, deflate, br' : 'gzip' });
      expect(res.headers['content-encoding']).toBe(enc);
      expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
      expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length);
      expect(decoded(res)).toBe(plain.body);
      etags.add(res.headers.etag);
    }
    expect(etags.size).toBe(3);
  });

  it('get a new ETag when recomputed', async () => {
    const before = await get(A, { 'accept-encoding': 'br' });
    const recomputed = await h.admin({ method: 'POST', url: `${A}/recompute`, payload: {} });
    expect(recomputed.statusCode).toBe(200);
    const after = await get(A, { 'accept-encoding': 'br', 'if-none-match': String(before.headers.etag) });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(JSON.parse(decoded(after)).computedAt).toBe(recomputed.json().computedAt);
  });

  it('stay hidden from an evaluator of another campaign, whatever tag is sent and however warm the cache', async () => {
    const warm = await get(A, { 'accept-encoding': 'gzip' });
    for (const headers of [{}, { 'if-none-match': String(warm.headers.etag), 'accept-encoding': 'gzip' }, { 'if-none-match': '*' }]) {
      const res = await evaluatorOfB({ method: 'GET', url: A, headers });
      expect(res.statusCode).toBe(404);
      expect(res.headers.etag).toBeUndefined();
      expect(res.json().error.code).toBeTruthy();
    }
    const own = await evaluatorOfB({ method: 'GET', url: B, headers: { 'accept-encoding': 'identity' } });
    expect(own.statusCode).toBe(200);
    expect(own.json().campaign.key).toBe('cache-b');
    expect((await h.inject({ method: 'GET', url: A, headers: { 'if-none-match': String(warm.headers.etag) } })).statusCode).toBe(401);
  });
});

describe('the published results', () => {
  it('are not there before publishing, and carry their own tag after', async () => {
    expect((await h.inject({ method: 'GET', url: PUBLIC_A })).json().error.code).toBe('NOT_PUBLISHED');
    expect((await h.admin({ method: 'POST', url: '/api/v1/campaigns/cache-a/status', payload: { status: 'closed' } })).statusCode).toBe(200);
    expect((await h.admin({ method: 'POST', url: '/api/v1/campaigns/cache-a/results/publish' })).statusCode).toBe(201);
    const res = await h.inject({ method: 'GET', url: PUBLIC_A, headers: { 'accept-encoding': 'gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, no-cache');
    expect(JSON.parse(decoded(res))).toMatchObject({ version: 1, versions: [{ version: 1 }] });
    const again = await h.inject({ method: 'GET', url: PUBLIC_A, headers: { 'accept-encoding': 'gzip', 'if-none-match': String(res.headers.etag) } });
    expect(again.statusCode).toBe(304);
    const v1 = await h.inject({ method: 'GET', url: `${PUBLIC_A}?version=1` });
    expect(v1.headers['cache-control']).toBe('public, max-age=60');
    expect(v1.json().version).toBe(1);
  });

  it('get a new tag when republished; version 1 keeps its result and lists version 2', async () => {
    const latest = await h.inject({ method: 'GET', url: PUBLIC_A });
    const v1 = await h.inject({ method: 'GET', url: `${PUBLIC_A}?version=1` });
    expect((await h.admin({ method: 'POST', url: '/api/v1/campaigns/cache-a/results/publish' })).statusCode).toBe(201);
    const latest2 = await h.inject({ method: 'GET', url: PUBLIC_A, headers: { 'if-none-match': String(latest.headers.etag) } });
    expect(latest2.statusCode).toBe(200);
    expect(latest2.json().version).toBe(2);
    const v1again = await h.inject({ method: 'GET', url: `${PUBLIC_A}?version=1`, headers: { 'if-none-match': String(v1.headers.etag) } });
    expect(v1again.statusCode).toBe(200);
    expect(v1again.json()).toMatchObject({ version: 1, result: v1.json().result, versions: [{ version: 1 }, { version: 2 }] });
    for (const headers of [{}, { 'if-none-match': '*' }]) {
      expect((await h.inject({ method: 'GET', url: `${PUBLIC_A}?version=3`, headers })).json().error.code).toBe('NOT_PUBLISHED');
    }
    // A version never published: its 404 carries no tag and no freshness, and
    // the tag its stamps would give gets no 304 either.
    const missing = await h.inject({ method: 'GET', url: `${PUBLIC_A}?version=99` });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers.etag).toBeUndefined();
    expect(String(missing.headers['cache-control'] ?? '')).not.toMatch(/public|max-age/);
    const { version: stamps } = await publicVersion(h.ctx, 'cache-a', 99);
    for (const encoding of ['identity', 'gzip', 'br'] as const) {
      const again = await h.inject({ method: 'GET', url: `${PUBLIC_A}?version=99`, headers: { 'accept-encoding': encoding, 'if-none-match': etagFor(stamps, encoding) } });
      expect(again.statusCode).toBe(404);
      expect(again.json().error.code).toBe('NOT_PUBLISHED');
    }
    // Past a 32-bit version: refused at the door, not a database error.
    const huge = await h.inject({ method: 'GET', url: `${PUBLIC_A}?version=2147483648` });
    expect(huge.statusCode).toBe(400);
    expect(huge.json().error.code).toBe('VALIDATION_FAILED');
  });
});

describe('the cache', () => {
  it('stays within its bound in bytes and still answers once it has let go of an entry', async () => {
    const limit = resultsCache.limit;
    try {
      const one = (await get(A, { 'accept-encoding': 'identity' })).rawPayload.length;
      resultsCache.resize(one * 2);
      for (const url of [A, B, PUBLIC_A, `${PUBLIC_A}?version=1`, A, B]) {
        expect((await get(url)).statusCode).toBe(200);
        expect(resultsCache.bytes).toBeLessThanOrEqual(one * 2);
      }
      expect(resultsCache.size).toBeLessThanOrEqual(1);
      const plain = await get(B, { 'accept-encoding': 'identity' });
      expect(plain.json().campaign.key).toBe('cache-b');
    } finally {
      resultsCache.resize(limit);
    }
  });
});
