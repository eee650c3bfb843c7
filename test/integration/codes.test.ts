import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODE_ALPHABET, checkCode, formatCode } from '@minping/shared/codes';
import { createBatch as createBatchService } from '../../server/src/modules/codes/codes.service.js';
import { createApiToken } from '../../server/src/modules/auth/auth.service.js';
import { EXAMPLE_SPEC, ballotFor, createHarness, drained, issueCodes, openCampaign, type Harness } from './harness.js';
import { UNITS } from '../fixtures/units.js';

let h: Harness;
let key: string;
let otherKey: string;
let largeId: number;

beforeAll(async () => {
  h = await createHarness();
  key = await openCampaign(h);
  otherKey = await openCampaign(h, { ...EXAMPLE_SPEC, key: 'rugao-2026', name: '如皋2026' });
});
afterAll(() => h.close());

const url = (k: string, rest = '') => `/api/v1/campaigns/${k}/code-batches${rest}`;
const createBatch = (payload: unknown, k = key) => h.admin({ method: 'POST', url: url(k), payload: payload as object });
const getBatch = (id: number, k = key) => h.admin({ method: 'GET', url: url(k, `/${id}`) });
const vote = (code: string) => h.inject({ method: 'POST', url: `/api/v1/vote/${code}`, payload: ballotFor(UNITS, 'satisfied') });
const receiptState = async (receipt: string) => (await h.inject({ method: 'GET', url: `/api/v1/receipts/${receipt}` })).json().state;
const batchRows = async () => Number((await h.ctx.database.query<{ n: number }>(`select count(*)::int as n from code_batches`))[0].n);

function parseCsv(body: string) {
  expect(body.startsWith('\ufeff')).toBe(true);
  const [header, ...rows] = body.slice(1).trimEnd().split('\n');
  expect(header).toBe('code,formatted,link,status');
  return rows.map((r) => {
    const [code, formatted, link, status] = r.split(',');
    return { code, formatted, link, status };
  });
}

describe('creating a code batch', () => {
  it('creates a small batch at once: 201, ready, every code generated', async () => {
    const res = await createBatch({ questionnaire: 'survey', group: 'enterprises', size: 40, label: '企业座谈会' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      campaignKey: key, questionnaire: 'survey', group: 'enterprises', label: '企业座谈会',
      size: 40, generated: 40, status: 'ready', used: 0, voided: 0, unused: 40, voidedAt: null, voidReason: null,
    });
    const [row] = await h.ctx.database.query<{ n: number }>(`select count(*)::int as n from codes where batch_id = $1`, [res.json().id]);
    expect(row.n).toBe(40);
  });

  it.each([
    [{ questionnaire: 'hearing', group: 'citizens', size: 5 }, 422, 'QUESTIONNAIRE_UNKNOWN'],
    [{ questionnaire: 'survey', group: 'tourists', size: 5 }, 422, 'GROUP_UNKNOWN'],
    [{ questionnaire: 'survey', group: 'citizens', size: 0 }, 400, 'VALIDATION_FAILED'],
    [{ questionnaire: 'survey', group: 'citizens', size: 1_000_001 }, 400, 'VALIDATION_FAILED'],
    [{ questionnaire: 'survey', group: 'citizens', size: 'ten' }, 400, 'VALIDATION_FAILED'],
    [{ questionnaire: 'survey', group: 'citizens', size: 2.5 }, 400, 'VALIDATION_FAILED'],
    [{ questionnaire: 'survey', group: 'citizens' }, 400, 'VALIDATION_FAILED'],
  ])('refuses %j with %i %s and stores no batch', async (payload, status, code) => {
    const before = await batchRows();
    const res = await createBatch(payload);
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect(await batchRows()).toBe(before);
  });

  it('leaves a batch above the inline limit to the worker, not exportable until ready', async () => {
    const res = await createBatch({ questionnaire: 'midyear', group: 'deputies', size: 25_000 });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ size: 25_000, generated: 0, status: 'generating' });
    largeId = res.json().id;
    for (const rest of ['/codes.csv', '/sheet']) {
      const early = await h.admin({ method: 'GET', url: url(key, `/${largeId}${rest}`) });
      expect(early.statusCode).toBe(409);
      expect(early.json().error.code).toBe('BATCH_NOT_READY');
    }
  });

  it('refuses an unknown campaign and an anonymous caller', async () => {
    expect((await createBatch({ questionnaire: 'survey', group: 'citizens', size: 5 }, 'nowhere')).json().error.code).toBe('CAMPAIGN_NOT_FOUND');
    expect((await h.inject({ method: 'POST', url: url(key), payload: { questionnaire: 'survey', group: 'citizens', size: 5 } })).statusCode).toBe(401);
  });
});

describe('a write and its audit entry', () => {
  // Below the HTTP boundary (which refuses such text first): if the audit entry
  // cannot be stored, neither can what it records — no live codes, no
  // credential, without their trace (issue 8 saw both left behind).
  it('store a code batch and its entry together or not at all', async () => {
    const before = await batchRows();
    await expect(createBatchService(h.ctx, key, { questionnaire: 'survey', group: 'citizens', size: 3, label: 'x\ud800' }, 1)).rejects.toThrow();
    expect(await batchRows()).toBe(before);
    const codes = await h.ctx.database.query<{ n: number }>(`select count(*)::int as n from codes c join code_batches b on b.id = c.batch_id where b.label like 'x%'`);
    expect(Number(codes[0].n)).toBe(0);
  });

  it('store an API token and its entry together or not at all', async () => {
    const tokens = async () => Number((await h.ctx.database.query<{ n: number }>(`select count(*)::int as n from api_tokens`))[0].n);
    const before = await tokens();
    await expect(createApiToken(h.ctx, 1, 'x\ud800')).rejects.toThrow();
    expect(await tokens()).toBe(before);
  });
});

describe('exporting codes', () => {
  it('lists every code once, well formed, with a short vote link', async () => {
    const { batchId } = await issueCodes(h, key, 'survey', 'citizens', 300);
    const res = await h.admin({ method: 'GET', url: url(key, `/${batchId}/codes.csv`) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${key}-batch-${batchId}.csv"`);
    const rows = parseCsv(res.body);
    expect(rows).toHaveLength(300);
    expect(new Set(rows.map((r) => r.code)).size).toBe(300);
    const host = new URL(h.config.publicUrl).host;
    for (const r of rows) {
      expect(r.code).toHaveLength(13);
      expect([...r.code].every((c) => CODE_ALPHABET.includes(c))).toBe(true);
      expect(checkCode(r.code)).toBe('ok');
      expect(r.formatted).toBe(formatCode(r.code));
      expect(r.link).toBe(`http://vote.example.test/v/${r.code}`);
      expect(r.link.replace(/^https?:\/\//, '').length).toBeLessThanOrEqual(host.length + 20);
      expect(r.status).toBe('unused');
    }
  });

  it('stores no code in plain text', async () => {
    const { codes } = await issueCodes(h, key, 'inquiry', 'deputies', 50);
    const rows = await h.ctx.database.query<{ row: string; hash: string; sealed: string }>(
      `select row_to_json(c)::text as row, encode(hash, 'hex') as hash, encode(sealed, 'hex') as sealed from codes c`,
    );
    const text = rows.map((r) => r.row).join('\n');
    const hex = rows.map((r) => `${r.hash} ${r.sealed}`).join('\n');
    for (const code of codes) {
      expect(text).not.toContain(code);
      expect(text).not.toContain(formatCode(code));
      expect(hex).not.toContain(Buffer.from(code).toString('hex'));
    }
  });

  it('prints a QR sheet of the unused codes only', async () => {
    const { batchId, codes } = await issueCodes(h, key, 'survey', 'citizens', 6);
    expect((await vote(codes[1])).statusCode).toBe(201);
    await h.admin({ method: 'POST', url: `/api/v1/campaigns/${key}/codes/void`, payload: { code: codes[4], reason: '损坏' } });
    const res = await h.admin({ method: 'GET', url: url(key, `/${batchId}/sheet`) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body.startsWith('<!doctype html>')).toBe(true);
    expect(res.body.match(/<svg/g)).toHaveLength(4);
    for (const i of [0, 2, 3, 5]) expect(res.body).toContain(formatCode(codes[i]));
    for (const i of [1, 4]) expect(res.body).not.toContain(formatCode(codes[i]));
    const page = await h.admin({ method: 'GET', url: url(key, `/${batchId}/sheet?offset=2&limit=3`) });
    expect(page.body.match(/<svg/g)).toHaveLength(2); // codes 2, 3 (4 is voided)
    expect(page.body).toContain(formatCode(codes[2]));
    expect(page.body).not.toContain(formatCode(codes[0]));
    const list = (await h.admin({ method: 'GET', url: url(key) })).json();
    expect(list[0]).toMatchObject({ id: batchId, size: 6, used: 1, voided: 1, unused: 4 });
  });

  it('refuses the sheet of a batch with no unused code left (409 BATCH_USED_UP)', async () => {
    const { batchId, codes } = await issueCodes(h, key, 'survey', 'citizens', 2);
    expect((await vote(codes[0])).statusCode).toBe(201);
    // A used code voided afterwards is spent once, not twice.
    await h.admin({ method: 'POST', url: `/api/v1/campaigns/${key}/codes/void`, payload: { code: codes[0], reason: '重复发放' } });
    expect((await getBatch(batchId)).json()).toMatchObject({ used: 1, voided: 1, unused: 1 });
    expect((await h.admin({ method: 'GET', url: url(key, `/${batchId}/sheet`) })).statusCode).toBe(200);
    expect((await vote(codes[1])).statusCode).toBe(201);
    expect((await getBatch(batchId)).json()).toMatchObject({ used: 2, unused: 0 });
    const res = await h.admin({ method: 'GET', url: url(key, `/${batchId}/sheet`) });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('BATCH_USED_UP');
    // A voided batch has nothing left to print either.
    const other = await issueCodes(h, key, 'survey', 'citizens', 2);
    await h.admin({ method: 'POST', url: url(key, `/${other.batchId}/void`), payload: { reason: '外泄' } });
    expect((await getBatch(other.batchId)).json().unused).toBe(0);
    expect((await h.admin({ method: 'GET', url: url(key, `/${other.batchId}/sheet`) })).json().error.code).toBe('BATCH_USED_UP');
  });

  it('prints slips for a draft campaign, refuses them once its voting is over (409 CAMPAIGN_CLOSED)', async () => {
    const draft = { ...EXAMPLE_SPEC, key: 'haian-2026', name: '海安2026' };
    expect((await h.admin({ method: 'POST', url: '/api/v1/campaigns/import', payload: draft })).statusCode).toBe(201);
    const { batchId } = await issueCodes(h, 'haian-2026', 'survey', 'citizens', 3);
    const sheet = () => h.admin({ method: 'GET', url: url('haian-2026', `/${batchId}/sheet`) });
    expect((await sheet()).statusCode).toBe(200);
    for (const status of ['open', 'closed']) await h.admin({ method: 'POST', url: `/api/v1/campaigns/haian-2026/status`, payload: { status } });
    const res = await sheet();
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('CAMPAIGN_CLOSED');
  });
});

describe('voiding', () => {
  it('voids a whole batch: its codes are refused and the ballots cast with them stop counting', async () => {
    await h.startWorker();
    const { batchId, codes } = await issueCodes(h, key, 'survey', 'deputies', 5);
    const receipts = [];
    for (const c of codes.slice(0, 2)) receipts.push((await vote(c)).json().receipt);
    await drained(h);
    expect(await receiptState(receipts[0])).toBe('counted');
    const tally = () =>
      h.ctx.database.query<{ n: number }>(`select coalesce(sum(count), 0)::int as n from rating_tallies where group_key = 'deputies' and questionnaire_key = 'survey'`);
    expect((await tally())[0].n).toBe(2 * UNITS.length);

    const res = await h.admin({ method: 'POST', url: url(key, `/${batchId}/void`), payload: { reason: '批次外泄' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ codesVoided: 5, ballotsVoided: 2 });
    for (const r of receipts) expect(await receiptState(r)).toBe('voided');
    const ballots = await h.ctx.database.query<{ review: string; counted: boolean }>(`select review, counted from ballots where batch_id = $1`, [batchId]);
    expect(ballots).toEqual([{ review: 'voided', counted: false }, { review: 'voided', counted: false }]);
    expect((await tally())[0].n).toBe(0);
    const refused = await vote(codes[3]);
    expect(refused.statusCode).toBe(410);
    expect(refused.json().error.code).toBe('CODE_VOIDED');
    expect((await h.inject({ method: 'GET', url: `/api/v1/vote/${codes[4]}` })).json().error.code).toBe('CODE_VOIDED');
    expect((await getBatch(batchId)).json()).toMatchObject({ used: 2, voided: 5, voidReason: '批次外泄', voidedAt: expect.any(String) });
    // Voiding again changes nothing.
    expect((await h.admin({ method: 'POST', url: url(key, `/${batchId}/void`), payload: { reason: 'again' } })).json()).toEqual({ codesVoided: 0, ballotsVoided: 0 });
    expect((await h.admin({ method: 'POST', url: url(key, `/${batchId}/void`), payload: { reason: ' ' } })).statusCode).toBe(400);
  });

  it('voids one code, used or not', async () => {
    const { codes } = await issueCodes(h, key, 'survey', 'enterprises', 3);
    const voidCode = (code: string, k = key) => h.admin({ method: 'POST', url: `/api/v1/campaigns/${k}/codes/void`, payload: { code, reason: '重复发放' } });
    const one = await voidCode(formatCode(codes[0]).toLowerCase());
    expect(one.json()).toEqual({ codesVoided: 1, ballotsVoided: 0 });
    expect((await vote(codes[0])).json().error.code).toBe('CODE_VOIDED');
    const receipt = (await vote(codes[1])).json().receipt;
    expect(await voidCode(codes[1])).toMatchObject({ statusCode: 200 });
    expect(await receiptState(receipt)).toBe('voided');
    expect((await vote(codes[2])).statusCode).toBe(201); // the others stay good
    const typo = codes[2].slice(0, 12) + (codes[2][12] === '2' ? '3' : '2');
    expect((await voidCode(typo)).json().error.code).toBe('CODE_CHECK_FAILED');
    const elsewhere = await voidCode(codes[2], otherKey);
    expect(elsewhere.statusCode).toBe(404);
    expect(elsewhere.json().error.code).toBe('CODE_UNKNOWN');
  });

  it('answers BATCH_NOT_FOUND for a batch of another campaign', async () => {
    const { batchId } = await issueCodes(h, otherKey, 'survey', 'citizens', 2);
    for (const [method, rest, payload] of [
      ['GET', ''], ['GET', '/codes.csv'], ['GET', '/sheet'], ['POST', '/void', { reason: 'x' }],
    ] as const) {
      const res = await h.admin({ method, url: url(key, `/${batchId}${rest}`), payload });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('BATCH_NOT_FOUND');
    }
    expect((await getBatch(batchId, otherKey)).json().voidedAt).toBeNull();
    expect((await getBatch(999_999)).json().error.code).toBe('BATCH_NOT_FOUND');
    expect((await h.admin({ method: 'GET', url: url(key, '/abc') })).statusCode).toBe(400);
  });
});

describe('a batch too large to generate inside the request', () => {
  it('is generated by the worker, exactly to its size', async () => {
    const id = largeId;
    let batch = (await getBatch(id)).json();
    for (let i = 0; batch.status !== 'ready' && i < 600; i++) {
      await new Promise((r) => setTimeout(r, 100));
      batch = (await getBatch(id)).json();
      expect(batch.generated).toBeLessThanOrEqual(25_000);
    }
    expect(batch).toMatchObject({ status: 'ready', generated: 25_000, size: 25_000 });
    const [row] = await h.ctx.database.query<{ n: number; d: number }>(
      `select count(*)::int as n, count(distinct hash)::int as d from codes where batch_id = $1`, [id],
    );
    expect(row).toEqual({ n: 25_000, d: 25_000 });
    const csv = await h.admin({ method: 'GET', url: url(key, `/${id}/codes.csv`) });
    expect(parseCsv(csv.body)).toHaveLength(25_000);
  });
});
