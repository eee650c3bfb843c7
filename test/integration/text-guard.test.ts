// Text PostgreSQL cannot store (NUL) or that is not text (an unpaired UTF-16
// surrogate) is refused at the boundary with 422 TEXT_INVALID, on every route
// and whatever carries it — JSON, query, path, CSV upload, multipart file name
// — and nothing is written. Each case here answered 500 before (some leaving
// rows behind); the fuzz test covers every other operation.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ballotFor, createHarness, EXAMPLE_SPEC, issueCodes, openCampaign, type Harness } from './harness.js';
import { multipart, PDF, person } from './accountability-helpers.js';
import { auditRepo } from '../../server/src/modules/audit/audit.repo.js';
import { UNITS } from '../fixtures/units.js';

const KEY = 'text-2026';
const UNIT = 'w-gs';
const BAD = ['\u0000', '\ud800x', 'x\udc00', 'a\u0000\ud83d'];

describe('the text guard', () => {
  let h: Harness;
  let batchId: number;
  let codes: string[];
  let taskId: number;
  let liaison: Awaited<ReturnType<typeof person>>;

  beforeAll(async () => {
    h = await createHarness();
    await openCampaign(h, { ...EXAMPLE_SPEC, key: KEY });
    ({ batchId, codes } = await issueCodes(h, KEY, 'survey', 'citizens', 4));
    const task = await h.admin({ method: 'POST', url: '/api/v1/tasks', payload: { campaign: KEY, unit: UNIT, title: 't', description: 'd' } });
    taskId = task.json().id;
    liaison = await person(h, 'text-liaison', 'liaison', { units: [UNIT] });
  });
  afterAll(async () => h?.close());

  const count = async (table: string) => Number((await h.ctx.database.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n);

  function expectRefused(res: { statusCode: number; json(): unknown; body: string }, path: string) {
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({ error: { code: 'TEXT_INVALID', details: [{ path }] }, requestId: expect.any(String) });
  }

  it('refuses a ballot whose comment holds a lone surrogate or NUL, and leaves its code usable', async () => {
    const code = codes[0];
    for (const comment of BAD) {
      const res = await h.inject({ method: 'POST', url: `/api/v1/vote/${code}`, payload: ballotFor(UNITS, 'satisfied', { comment }) });
      expectRefused(res, 'body.comment');
    }
    expect(await count('ballots')).toBe(0);
    const ok = await h.inject({ method: 'POST', url: `/api/v1/vote/${code}`, payload: ballotFor(UNITS, 'satisfied', { comment: '👍 服务很好' }) });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it.each([
    ['campaign import name', 'POST', '/api/v1/campaigns/import', (bad: string) => ({ ...EXAMPLE_SPEC, key: 'text-import', name: bad }), 'body.name'],
    ['campaign import theme', 'POST', '/api/v1/campaigns/import', (bad: string) => ({ ...EXAMPLE_SPEC, key: 'text-import', theme: bad }), 'body.theme'],
    ['campaign import locale', 'POST', '/api/v1/campaigns/import', (bad: string) => ({ ...EXAMPLE_SPEC, key: 'text-import', locale: bad }), 'body.locale'],
    ['spec validation', 'POST', '/api/v1/campaigns/validate', (bad: string) => ({ ...EXAMPLE_SPEC, units: [{ ...EXAMPLE_SPEC.units[0], name: bad }] }), 'body.units[0].name'],
    ['campaign texts', 'PATCH', `/api/v1/campaigns/${KEY}`, (bad: string) => ({ theme: bad }), 'body.theme'],
    ['batch label', 'POST', `/api/v1/campaigns/${KEY}/code-batches`, (bad: string) => ({ questionnaire: 'survey', group: 'citizens', size: 5, label: bad }), 'body.label'],
    ['batch void reason', 'POST', `/api/v1/campaigns/${KEY}/code-batches/BATCH/void`, (bad: string) => ({ reason: bad }), 'body.reason'],
    ['code void reason', 'POST', `/api/v1/campaigns/${KEY}/codes/void`, (bad: string) => ({ code: 'CODE', reason: bad }), 'body.reason'],
    ['veto reason', 'PUT', `/api/v1/campaigns/${KEY}/vetoes/${UNIT}`, (bad: string) => ({ reason: bad }), 'body.reason'],
    ['token name', 'POST', '/api/v1/auth/tokens', (bad: string) => ({ name: bad }), 'body.name'],
    ['user display name', 'POST', '/api/v1/users', (bad: string) => ({ username: 'text-user', displayName: bad, role: 'liaison' }), 'body.displayName'],
    ['task description', 'POST', '/api/v1/tasks', (bad: string) => ({ campaign: KEY, unit: UNIT, title: 't', description: bad }), 'body.description'],
    ['inspection finding', 'POST', '/api/v1/inspections', (bad: string) => ({ campaign: KEY, unit: UNIT, visitedOn: '2026-03-02', kind: 'open', findings: [{ description: bad }] }), 'body.findings[0].description'],
    ['score note', 'PUT', `/api/v1/campaigns/${KEY}/scores/daily`, (bad: string) => ({ scores: [{ unit: UNIT, score: 80, note: bad }] }), 'body.scores[0].note'],
    ['a key of an object', 'POST', `/api/v1/vote/CODE`, (bad: string) => ({ ratings: { [bad]: 'satisfied' }, answeringMs: 60_000 }), 'body.ratings.<key>'],
  ] as const)('refuses it in the JSON body: %s, and writes nothing', async (_name, method, url, body, path) => {
    const tables = ['campaigns', 'code_batches', 'codes', 'api_tokens', 'users', 'tasks', 'inspections', 'vetoes', 'audit_log', 'ballots'];
    const counts = async () => Promise.all(tables.map((t) => count(t).catch(() => -1)));
    const start = await counts();
    for (const bad of BAD) {
      const res = await h.admin({
        method,
        url: url.replace('BATCH', String(batchId)).replace('TASK', String(taskId)).replace('CODE', codes[1]),
        payload: body(bad),
      });
      expectRefused(res, path);
    }
    expect(await counts()).toEqual(start);
  });

  it('refuses it in a liaison\'s task answer', async () => {
    const events = await count('task_events');
    for (const bad of BAD) expectRefused(await liaison({ method: 'POST', url: `/api/v1/tasks/${taskId}/answer`, payload: { text: bad } }), 'body.text');
    expect(await count('task_events')).toBe(events);
  });

  it.each([
    ['the audit list', '/api/v1/audit?action=%00', 'query.action'],
    ['the audit export', '/api/v1/audit.csv?action=%00', 'query.action'],
    ['the ballot list flag', `/api/v1/campaigns/${KEY}/ballots?flag=%00`, 'query.flag'],
    ['the ballot list questionnaire', `/api/v1/campaigns/${KEY}/ballots?questionnaire=a%00`, 'query.questionnaire'],
    ['a query name', '/api/v1/audit?%00=1', 'query.<key>'],
    ['a path parameter', `/api/v1/campaigns/${KEY}/scores/daily/history/a%00`, 'params.unit'],
  ])('refuses an encoded NUL in %s', async (_name, url, path) => {
    expectRefused(await h.admin({ method: 'GET', url }), path);
  });

  it('refuses NUL in an uploaded CSV (a raw text/csv body)', async () => {
    const res = await h.admin({ method: 'POST', url: `/api/v1/campaigns/${KEY}/scores/daily/csv`, headers: { 'content-type': 'text/csv' }, payload: `unit,score,note\n${UNIT},80,a\u0000b\n` });
    expectRefused(res, 'body');
  });

  it('refuses a multipart file name that decodes to NUL, and stores nothing', async () => {
    const payload = Buffer.concat([
      Buffer.from(`--zz\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''a%00.pdf\r\nContent-Type: application/pdf\r\n\r\n`),
      PDF,
      Buffer.from('\r\n--zz--\r\n'),
    ]);
    const res = await h.admin({ method: 'POST', url: '/api/v1/attachments', headers: { 'content-type': 'multipart/form-data; boundary=zz' }, payload });
    expectRefused(res, 'body.file.filename');
    expect(await count('attachments')).toBe(0);
    // Raw bytes that are not text arrive as U+FFFD, which is stored as it is.
    const raw = await h.admin({ method: 'POST', url: '/api/v1/attachments', ...multipart('a\ud800.pdf', PDF, 'application/pdf') });
    expect(raw.statusCode, raw.body).toBe(201);
    expect(raw.json().filename).toBe('a\ufffd.pdf');
  });

  it('answers broken multipart with 400 MULTIPART_MALFORMED, not 500', async () => {
    const cut = '--zz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4';
    for (const payload of [cut, 'not multipart at all', '--zz\r\nContent-Disposition\r\n\r\nx\r\n--zz--\r\n']) {
      const res = await h.admin({ method: 'POST', url: '/api/v1/attachments', headers: { 'content-type': 'multipart/form-data; boundary=zz' }, payload });
      expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, res.body).toBeLessThan(500);
      expect(res.json().error.code).toMatch(/^(MULTIPART_MALFORMED|BAD_REQUEST)$/);
    }
  });

  it('answers a malformed URL in the error envelope, with the request id', async () => {
    for (const url of ['/api/v1/vote/%E0%A4%A', '/api/v1/campaigns/%ED%A0%80', '/%', '/api/v1/campaigns/%FF/spec']) {
      const res = await h.admin({ method: 'GET', url });
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, url).toBeLessThan(500);
      const body = res.json();
      expect(body.error.code, url).toMatch(/^(URL_MALFORMED|TEXT_INVALID|VALIDATION_FAILED|NOT_FOUND)$/);
      expect(body.requestId).toBe(res.headers['x-request-id']);
    }
    const res = await h.inject({ method: 'GET', url: '/api/v1/vote/%E0%A4%A' });
    expect(res.json()).toMatchObject({ error: { code: 'URL_MALFORMED' } });
  });

  it('fails a streamed export before its first byte when its first page cannot be read', async () => {
    const spy = vi.spyOn(auditRepo, 'page').mockRejectedValueOnce(new Error('boom'));
    try {
      const res = await h.admin({ method: 'GET', url: '/api/v1/audit.csv' });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toMatchObject({ error: { code: 'INTERNAL' } });
    } finally {
      spy.mockRestore();
    }
    const ok = await h.admin({ method: 'GET', url: '/api/v1/audit.csv' });
    expect(ok.statusCode).toBe(200);
    expect(ok.body.split('\n')[0]).toContain('id,at,user,action');
  });

  it('refuses a JSON body that is not UTF-8, ballot or campaign file, and leaves the code usable', async () => {
    // The bytes C0 AE and FF are no UTF-8: they were read as U+FFFD and the ballot stored with them.
    const json = JSON.stringify({ ...ballotFor(UNITS, 'satisfied'), comment: 'aXXb' });
    const [before, after] = json.split('XX');
    const bytes = Buffer.concat([Buffer.from(before), Buffer.from([0xc0, 0xae, 0xff]), Buffer.from(after)]);
    const ballots = await count('ballots');
    const res = await h.inject({ method: 'POST', url: `/api/v1/vote/${codes[3]}`, payload: bytes, headers: { 'content-type': 'application/json' } });
    expect([res.statusCode, res.json().error.code]).toEqual([400, 'MALFORMED_JSON']);
    expect(await count('ballots')).toBe(ballots);
    const spec = Buffer.concat([Buffer.from(JSON.stringify({ ...EXAMPLE_SPEC, key: 'utf8-bad', name: 'XX' }).split('XX')[0]), Buffer.from([0xff]), Buffer.from(JSON.stringify({ ...EXAMPLE_SPEC, key: 'utf8-bad', name: 'XX' }).split('XX')[1])]);
    const imported = await h.admin({ method: 'POST', url: '/api/v1/campaigns/import', payload: spec, headers: { 'content-type': 'application/json' } });
    expect([imported.statusCode, imported.json().error.code]).toEqual([400, 'MALFORMED_JSON']);
    // Valid UTF-8, a byte-order mark included, is read as before.
    const ok = await h.inject({ method: 'POST', url: `/api/v1/vote/${codes[3]}`, payload: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ ...ballotFor(UNITS, 'satisfied'), comment: '窗口😀' }))]), headers: { 'content-type': 'application/json' } });
    expect(ok.statusCode, ok.body).toBe(201);
  });

});
