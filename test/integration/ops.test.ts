import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_SPEC, ballotFor, createHarness, issueCodes, openCampaign, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('probes and metrics', () => {
  it('answers /healthz and /readyz', async () => {
    const health = await h.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const ready = await h.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', postgres: true, redis: true });
  });

  it('exposes Prometheus metrics, counting accepted ballots and queued jobs', async () => {
    const key = await openCampaign(h);
    const { codes } = await issueCodes(h, key, 'survey', 'citizens', 3);
    for (const code of codes.slice(0, 2)) {
      expect((await h.inject({ method: 'POST', url: `/api/v1/vote/${code}`, payload: ballotFor(['w-gs'], 'satisfied') })).statusCode).toBe(201);
    }
    expect((await h.inject({ method: 'POST', url: `/api/v1/vote/${codes[0]}`, payload: ballotFor(['w-gs'], 'satisfied') })).statusCode).toBe(409);
    const res = await h.admin({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toContain('# TYPE minping_ballots_accepted_total counter');
    expect(res.body).toMatch(/^minping_ballots_accepted_total 2$/m);
    expect(res.body).toMatch(/^minping_ballots_rejected_total\{reason="CODE_ALREADY_USED"\} 1$/m);
    expect(res.body).toContain('# TYPE minping_queue_jobs gauge');
    for (const queue of ['ballots', 'scores', 'codes']) expect(res.body).toMatch(new RegExp(`^minping_queue_jobs\\{queue="${queue}",state="waiting"\\} \\d+$`, 'm'));
  });
});

describe('the API document', () => {
  it('is an OpenAPI 3 document listing vote, campaigns, code batches, scores and results', async () => {
    const res = await h.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBe('网上民调 / 万人评机关 API');
    const paths = Object.keys(doc.paths);
    expect(paths).toEqual(expect.arrayContaining([
      '/api/v1/vote/{code}',
      '/api/v1/receipts/{receipt}',
      '/api/v1/campaigns/import',
      '/api/v1/campaigns/{key}/spec',
      '/api/v1/campaigns/{key}/code-batches',
      '/api/v1/campaigns/{key}/code-batches/{id}/codes.csv',
      '/api/v1/campaigns/{key}/scores/{component}',
      '/api/v1/campaigns/{key}/vetoes/{unit}',
      '/api/v1/campaigns/{key}/results',
      '/api/v1/campaigns/{key}/results/publish',
      '/api/v1/public/campaigns/{key}/results',
    ]));
    expect(Object.keys(doc.paths['/api/v1/vote/{code}']).sort()).toEqual(['get', 'post']);
    // Request bodies come from the shared zod contracts.
    const ballot = doc.paths['/api/v1/vote/{code}'].post.requestBody.content['application/json'].schema;
    expect(ballot.required).toEqual(expect.arrayContaining(['ratings', 'answeringMs']));
    expect(doc.paths['/api/v1/campaigns/{key}/code-batches'].post.requestBody.content['application/json'].schema.properties.size).toMatchObject({ minimum: 1, maximum: 1_000_000 });
    expect(paths).not.toContain('/metrics');
    const ui = await h.inject({ method: 'GET', url: '/api/docs' });
    expect(ui.statusCode).toBeLessThan(400);
  });
});

describe('the queue board', () => {
  it('is for admins only, in the usual error shape', async () => {
    const anon = await h.inject({ method: 'GET', url: '/admin/queues' });
    expect(anon.statusCode).toBe(401);
    expect(anon.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'Log in first' }, requestId: anon.headers['x-request-id'] });
    const api = await h.inject({ method: 'GET', url: '/admin/queues/api/queues' });
    expect(api.statusCode).toBe(401);
    const page = await h.admin({ method: 'GET', url: '/admin/queues' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toMatch(/<html/i);
    const queues = await h.admin({ method: 'GET', url: '/admin/queues/api/queues' });
    expect(queues.statusCode).toBe(200);
    expect(queues.json().queues.map((q: { name: string }) => q.name)).toEqual(expect.arrayContaining(['ballots', 'codes', 'scores']));
  });
});

describe('errors and request ids', () => {
  it('answers an unknown API route with 404 NOT_FOUND in the error shape', async () => {
    for (const url of ['/api/v1/no-such-thing', '/api/v2/campaigns', '/api/v1/campaigns/nantong-2026/nothing']) {
      const res = await h.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ error: { code: 'NOT_FOUND', message: `No route GET ${url}` }, requestId: res.headers['x-request-id'] });
    }
    const del = await h.inject({ method: 'DELETE', url: '/api/v1/campaigns' });
    expect(del.json().error.code).toBe('NOT_FOUND');
  });

  it('answers any unknown path with 404 NOT_FOUND when no web app is served', async () => {
    const bare = await createHarness({ WEB_DIST: '/nonexistent/web/dist' });
    try {
      const res = await bare.inject({ method: 'GET', url: '/no/such/page?x=1' });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'No route GET /no/such/page' }, requestId: res.headers['x-request-id'] });
    } finally {
      await bare.close();
    }
  });

  it('sends x-request-id on every answer, and reuses the one a proxy sent', async () => {
    for (const url of ['/healthz', '/api/v1/campaigns', '/nowhere']) {
      const res = await h.inject({ method: 'GET', url });
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    const a = await h.inject({ method: 'GET', url: '/healthz' });
    const b = await h.inject({ method: 'GET', url: '/healthz' });
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
    const traced = await h.inject({ method: 'GET', url: '/api/v1/campaigns', headers: { 'x-request-id': 'edge-7f3a' } });
    expect(traced.headers['x-request-id']).toBe('edge-7f3a');
    expect(traced.json().requestId).toBe('edge-7f3a');
    const long = await h.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'x'.repeat(200) } });
    expect(long.headers['x-request-id']).toBe('x'.repeat(64));
  });

  it('maps bad bodies to stable codes, never a 500', async () => {
    const xml = await h.admin({ method: 'POST', url: '/api/v1/campaigns/import', payload: '<campaign/>', headers: { 'content-type': 'application/xml' } });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const broken = await h.admin({ method: 'POST', url: '/api/v1/campaigns/import', payload: '{"specVersion": 1,', headers: { 'content-type': 'application/json' } });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('MALFORMED_JSON');
    const huge = await h.admin({ method: 'POST', url: '/api/v1/campaigns/import', payload: { ...EXAMPLE_SPEC, theme: 'x'.repeat(6 * 1024 * 1024) } });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('BODY_TOO_LARGE');
  });
});
