import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ballotFor, createHarness, issueCodes, openCampaign, type Harness } from './harness.js';
import { UNITS } from '../fixtures/units.js';
import { voteRepo } from '../../server/src/modules/vote/vote.repo.js';
import { EXAMPLE_SPEC } from './harness.js';
import { wrote } from '../../server/src/infra/changes.js';
import { generateCode } from '@minping/shared/codes';
import { randomBytes } from 'node:crypto';

let h: Harness;
let key: string;
let codes: string[];

beforeAll(async () => {
  h = await createHarness();
  key = await openCampaign(h);
  ({ codes } = await issueCodes(h, key, 'survey', 'citizens', 60));
});
afterAll(() => h.close());

const vote = (code: string, body: unknown, remoteAddress = '203.0.113.7') =>
  h.inject({ method: 'POST', url: `/api/v1/vote/${code}`, payload: body as object, remoteAddress });

describe('a voter with a one-time code', () => {
  it('opens the questionnaire of the code: units by category, the scale with 不了解, problems, comment', async () => {
    const res = await h.inject({ method: 'GET', url: `/api/v1/vote/${codes[0]}` });
    expect(res.statusCode).toBe(200);
    const view = res.json();
    expect(view.questionnaire).toMatchObject({ key: 'survey', problems: true, comment: true });
    expect(view.group).toEqual({ key: 'citizens', name: '办事群众' });
    expect(view.scale.map((o: { label: string }) => o.label)).toEqual(['满意', '基本满意', '不满意', '不了解']);
    expect(view.categories.map((c: { units: unknown[] }) => c.units.length)).toEqual([4, 4]);
    expect(view.problems).toHaveLength(6);
  });

  it('submits once, gets a receipt, and the same code is then refused with CODE_ALREADY_USED', async () => {
    const first = await vote(codes[0], ballotFor(UNITS, 'satisfied', { problems: { 'w-bdc': ['slow'] }, comment: '很好' }));
    expect(first.statusCode).toBe(201);
    const { receipt, status } = first.json();
    expect(status).toBe('accepted');
    expect(receipt).toMatch(/^[2-9A-HJ-KM-NP-Z]{4}-[2-9A-HJ-KM-NP-Z]{4}-[2-9A-HJ-KM-NP-Z]{3}$/);
    const again = await vote(codes[0], ballotFor(UNITS, 'satisfied'));
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('CODE_ALREADY_USED');
    const reopen = await h.inject({ method: 'GET', url: `/api/v1/vote/${codes[0]}` });
    expect(reopen.json().error.code).toBe('CODE_ALREADY_USED');

    const check = await h.inject({ method: 'GET', url: `/api/v1/receipts/${receipt}` });
    expect(check.statusCode).toBe(200);
    expect(check.json()).toMatchObject({ state: 'pending', campaign: { key } });
    expect(JSON.stringify(check.json())).not.toContain('satisfied');
  });

  it('answers a retry with the same Idempotency-Key with the first receipt, and stores one ballot', async () => {
    const headers = { 'idempotency-key': 'ballot-7f3a9c21-retry' };
    const body = ballotFor(UNITS, 'basically');
    const first = await h.inject({ method: 'POST', url: `/api/v1/vote/${codes[8]}`, payload: body, headers });
    const retry = await h.inject({ method: 'POST', url: `/api/v1/vote/${codes[8]}`, payload: body, headers });
    expect([first.statusCode, retry.statusCode]).toEqual([201, 201]);
    expect(retry.json()).toEqual(first.json());
    const other = await h.inject({ method: 'POST', url: `/api/v1/vote/${codes[8]}`, payload: body, headers: { 'idempotency-key': 'someone-else-entirely' } });
    expect(other.statusCode).toBe(409);
    expect((await h.inject({ method: 'POST', url: `/api/v1/vote/${codes[8]}`, payload: body })).statusCode).toBe(409);
    const [row] = await h.ctx.database.query<{ n: number }>(
      `select count(*)::int as n from ballots b join codes c on c.id = b.code_id where c.hash = decode($1, 'hex')`,
      [h.ctx.secrets.hashCode(codes[8]).toString('hex')],
    );
    expect(row.n).toBe(1);
  });

  it('accepts exactly one of many concurrent submits of the same code', async () => {
    const results = await Promise.all(Array.from({ length: 25 }, () => vote(codes[1], ballotFor(UNITS, 'basically'))));
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(24);
    const [row] = await h.ctx.database.query<{ n: number }>(
      `select count(*)::int as n from ballots b join codes c on c.id = b.code_id where c.hash = decode($1, 'hex')`,
      [h.ctx.secrets.hashCode(codes[1]).toString('hex')],
    );
    expect(row.n).toBe(1);
  });

  it('accepts many different codes submitted at once, each exactly once', async () => {
    const batch = codes.slice(10, 40);
    const results = await Promise.all(batch.map((c) => vote(c, ballotFor(UNITS, 'dissatisfied'))));
    expect(results.every((r) => r.statusCode === 201)).toBe(true);
    expect(new Set(results.map((r) => r.json().receipt)).size).toBe(batch.length);
  });

  it('stores one ballot per code when its submits arrive spread over groups being read and claimed at the same time', async () => {
    // Other codes keep both stages busy, so later submits of the same code are read while an earlier one is being claimed.
    const others = codes.slice(40, 55);
    const twice = codes[55];
    const retried = codes[56];
    const submits: Promise<{ statusCode: number; json(): { receipt?: string; error?: { code: string } } }>[] = [];
    for (let i = 0; i < others.length; i++) {
      submits.push(vote(others[i], ballotFor(UNITS, 'satisfied')));
      submits.push(vote(twice, ballotFor(UNITS, 'basically')));
      submits.push(h.inject({ method: 'POST', url: `/api/v1/vote/${retried}`, payload: ballotFor(UNITS, 'basically'), headers: { 'idempotency-key': 'the-same-page-retrying' }, remoteAddress: '203.0.113.7' }));
      await new Promise((r) => setImmediate(r));
    }
    const answers = await Promise.all(submits);
    const of = (k: number) => answers.filter((_, i) => i % 3 === k);
    expect(of(0).map((a) => a.statusCode)).toEqual(Array(others.length).fill(201));
    expect(of(1).map((a) => a.statusCode).sort()).toEqual([201, ...Array(others.length - 1).fill(409)]);
    expect(of(1).filter((a) => a.statusCode === 409).map((a) => a.json().error!.code)).toEqual(Array(others.length - 1).fill('CODE_ALREADY_USED'));
    // The same page's retries all get the one receipt.
    expect(of(2).map((a) => a.statusCode)).toEqual(Array(others.length).fill(201));
    expect(new Set(of(2).map((a) => a.json().receipt)).size).toBe(1);
    const stored = await h.ctx.database.query<{ n: number }>(
      `select count(*)::int as n from ballots b join codes c on c.id = b.code_id where c.hash = any($1::bytea[]) group by c.id`,
      [[twice, retried].map((c) => h.ctx.secrets.hashCode(c))],
    );
    expect(stored.map((r) => r.n)).toEqual([1, 1]);
  });

  it('catches a typo by the check character before any database work', async () => {
    const typo = codes[2].slice(0, 5) + (codes[2][5] === 'A' ? 'B' : 'A') + codes[2].slice(6);
    const res = await h.inject({ method: 'GET', url: `/api/v1/vote/${typo}` });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('CODE_CHECK_FAILED');
    const swapped = codes[2].slice(0, 3) + codes[2][4] + codes[2][3] + codes[2].slice(5);
    if (swapped !== codes[2]) expect((await h.inject({ method: 'GET', url: `/api/v1/vote/${swapped}` })).json().error.code).toBe('CODE_CHECK_FAILED');
  });

  it('accepts a code typed in lower case with dashes', async () => {
    const c = codes[3];
    const typed = `${c.slice(0, 4)}-${c.slice(4, 8)}-${c.slice(8)}`.toLowerCase();
    expect((await h.inject({ method: 'GET', url: `/api/v1/vote/${typed}` })).statusCode).toBe(200);
  });

  it.each([
    ['malformed code', 'NOT-A-CODE', 400, 'CODE_MALFORMED'],
    ['look-alike characters', 'O0I1L0O0I1L0O', 400, 'CODE_MALFORMED'],
  ])('refuses a %s with a clear code', async (_what, code, status, errorCode) => {
    const res = await vote(code, ballotFor(UNITS, 'satisfied'));
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(errorCode);
    expect(res.json().requestId).toBeTruthy();
  });

  it('refuses an unknown code that passes the check character', async () => {
    const { generateCode } = await import('@minping/shared/codes');
    const crypto = await import('node:crypto');
    const res = await vote(generateCode(crypto.randomBytes), ballotFor(UNITS, 'satisfied'), '198.51.100.1');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('CODE_UNKNOWN');
  });

  it('refuses malformed JSON, wrong types, unknown fields, and answers that do not fit the questionnaire', async () => {
    const raw = await h.inject({ method: 'POST', url: `/api/v1/vote/${codes[4]}`, payload: '{"ratings": ', headers: { 'content-type': 'application/json' } });
    expect(raw.statusCode).toBe(400);
    expect(raw.json().error.code).toBe('MALFORMED_JSON');
    const wrongType = await vote(codes[4], { ratings: 'all good', answeringMs: 'soon' });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.code).toBe('VALIDATION_FAILED');
    expect(wrongType.json().error.details.length).toBeGreaterThan(0);
    const extra = await vote(codes[4], { ...ballotFor(UNITS, 'satisfied'), ip: '1.2.3.4' });
    expect(extra.json().error.code).toBe('VALIDATION_FAILED');
    const unknownUnit = await vote(codes[4], ballotFor(['no-such-unit'], 'satisfied'));
    expect(unknownUnit.statusCode).toBe(422);
    expect(unknownUnit.json().error.code).toBe('BALLOT_INVALID');
    expect(unknownUnit.json().error.details[0].path).toBe('ratings.no-such-unit');
    const badOption = await vote(codes[4], ballotFor(UNITS, 'good'));
    expect(badOption.json().error.code).toBe('BALLOT_INVALID');
    const empty = await vote(codes[4], { ratings: {}, answeringMs: 1000 });
    expect(empty.json().error.code).toBe('BALLOT_INVALID');
    // None of these used the code up.
    expect((await vote(codes[4], ballotFor(UNITS, 'satisfied'))).statusCode).toBe(201);
  });

  it('refuses an oversize body with BODY_TOO_LARGE', async () => {
    const res = await vote(codes[5], { ...ballotFor(UNITS, 'satisfied'), comment: 'x'.repeat(100_000) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('BODY_TOO_LARGE');
  });

  it('refuses a voided code with CODE_VOIDED', async () => {
    const v = await h.admin({ method: 'POST', url: `/api/v1/campaigns/${key}/codes/void`, payload: { code: codes[6], reason: 'lost sheet' } });
    expect(v.statusCode).toBe(200);
    expect(v.json()).toEqual({ codesVoided: 1, ballotsVoided: 0 });
    const res = await vote(codes[6], ballotFor(UNITS, 'satisfied'));
    expect(res.statusCode).toBe(410);
    expect(res.json().error.code).toBe('CODE_VOIDED');
  });

  it('refuses votes while the campaign is not open', async () => {
    await h.admin({ method: 'POST', url: `/api/v1/campaigns/${key}/status`, payload: { status: 'closed' } });
    const res = await vote(codes[7], ballotFor(UNITS, 'satisfied'));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('CAMPAIGN_NOT_OPEN');
    await h.admin({ method: 'POST', url: `/api/v1/campaigns/${key}/status`, payload: { status: 'open' } });
    expect((await vote(codes[7], ballotFor(UNITS, 'satisfied'))).statusCode).toBe(201);
  });

  it('stores no address or device id in plain form', async () => {
    const rows = await h.ctx.database.query<{ row: string }>(`select row_to_json(b)::text as row from ballots b`);
    for (const r of rows) {
      expect(r.row).not.toContain('203.0.113.7');
      expect(r.row).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-/); // the deviceId UUIDs we sent
    }
    // Nor in Redis: the rate limits' counters were named by the address itself.
    await h.inject({ method: 'GET', url: `/api/v1/vote/${codes[59]}`, remoteAddress: '203.0.113.7' });
    const keys = await h.ctx.redis.keys(`${h.ctx.config.redisPrefix}:*`);
    expect(keys.some((k) => k.includes(':rl:'))).toBe(true);
    expect(keys.filter((k) => k.includes('203.0.113'))).toEqual([]);
  });

  it('refuses a malformed or unknown receipt', async () => {
    expect((await h.inject({ method: 'GET', url: '/api/v1/receipts/XXXX' })).json().error.code).toBe('RECEIPT_MALFORMED');
    const { generateReceipt } = await import('@minping/shared/codes');
    const crypto = await import('node:crypto');
    const res = await h.inject({ method: 'GET', url: `/api/v1/receipts/${generateReceipt(crypto.randomBytes)}` });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('RECEIPT_UNKNOWN');
  });
});

describe('a source guessing codes', () => {
  it('is locked out after repeated unknown codes', async () => {
    const g = await createHarness({ INVALID_CODE_LIMIT: '3' });
    try {
      const { generateCode } = await import('@minping/shared/codes');
      const crypto = await import('node:crypto');
      const statuses: string[] = [];
      let retryAfter: unknown;
      for (let i = 0; i < 5; i++) {
        const res = await g.inject({ method: 'GET', url: `/api/v1/vote/${generateCode(crypto.randomBytes)}`, remoteAddress: '192.0.2.99' });
        statuses.push(res.json().error.code);
        retryAfter = res.headers['retry-after'];
      }
      expect(statuses).toEqual(['CODE_UNKNOWN', 'CODE_UNKNOWN', 'CODE_UNKNOWN', 'SOURCE_LOCKED', 'SOURCE_LOCKED']);
      // The page waits this long before it tries again.
      expect(Number(retryAfter)).toBeGreaterThan(800);
      // Another address is not affected.
      const other = await g.inject({ method: 'GET', url: `/api/v1/vote/${generateCode(crypto.randomBytes)}`, remoteAddress: '192.0.2.100' });
      expect(other.json().error.code).toBe('CODE_UNKNOWN');
    } finally {
      await g.close();
    }
  });

  it('gets no more lookups from a burst sent at once than the lockout allows, give or take one in flight each', async () => {
    // 60 guesses at once passed the lock before the first miss was counted: 60 lookups against a limit of 5.
    const g = await createHarness({ INVALID_CODE_LIMIT: '5' });
    try {
      const { generateCode } = await import('@minping/shared/codes');
      const crypto = await import('node:crypto');
      const burst = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          i % 2
            ? g.inject({ method: 'GET', url: `/api/v1/vote/${generateCode(crypto.randomBytes)}`, remoteAddress: '192.0.2.77' })
            : g.inject({ method: 'POST', url: `/api/v1/vote/${generateCode(crypto.randomBytes)}`, payload: ballotFor(UNITS, 'satisfied'), remoteAddress: '192.0.2.77' }),
        ),
      );
      const codes = burst.map((r) => r.json().error.code);
      const looked = codes.filter((c) => c === 'CODE_UNKNOWN').length;
      // At most the limit in flight, and one more admitted as each of the first misses finishes: 2 × 5 − 1.
      expect(looked).toBeGreaterThanOrEqual(5);
      expect(looked).toBeLessThanOrEqual(9);
      // The rest: locked out, or (past ten waiting per slot) told to come back.
      const refused = codes.filter((c) => c !== 'CODE_UNKNOWN');
      expect(refused.every((c) => c === 'SOURCE_LOCKED' || c === 'RATE_LIMITED')).toBe(true);
      expect(refused).toContain('SOURCE_LOCKED');
      // Another source is not held up behind the burst.
      const other = await g.inject({ method: 'GET', url: `/api/v1/vote/${generateCode(crypto.randomBytes)}`, remoteAddress: '192.0.2.78' });
      expect(other.json().error.code).toBe('CODE_UNKNOWN');
    } finally {
      await g.close();
    }
  });

  it('is refused while locked on every route of a code, before its body is read; the receipt check stays open', async () => {
    const g = await createHarness({ INVALID_CODE_LIMIT: '2' });
    try {
      const { generateCode, generateReceipt } = await import('@minping/shared/codes');
      const crypto = await import('node:crypto');
      const from = '198.51.100.40';
      for (let i = 0; i < 2; i++) await g.inject({ method: 'GET', url: `/api/v1/vote/${generateCode(crypto.randomBytes)}`, remoteAddress: from });
      // A body that fails validation: the lock answers first.
      const post = await g.inject({ method: 'POST', url: `/api/v1/vote/${generateCode(crypto.randomBytes)}`, payload: { ratings: 'x' }, remoteAddress: from });
      expect(post.statusCode).toBe(429);
      expect(post.json().error.code).toBe('SOURCE_LOCKED');
      expect(Number(post.headers['retry-after'])).toBeGreaterThan(800);
      const receipt = await g.inject({ method: 'GET', url: `/api/v1/receipts/${generateReceipt(crypto.randomBytes)}`, remoteAddress: from });
      expect(receipt.json().error.code).toBe('RECEIPT_UNKNOWN');
    } finally {
      await g.close();
    }
  });

  it('is one source for a whole IPv6 /64, as its rate limit is', async () => {
    const g = await createHarness({ INVALID_CODE_LIMIT: '2' });
    try {
      const { generateCode } = await import('@minping/shared/codes');
      const crypto = await import('node:crypto');
      await g.inject({ method: 'GET', url: `/api/v1/vote/${generateCode(crypto.randomBytes)}`, remoteAddress: '2001:db8:7:1::1' });
      await g.inject({ method: 'GET', url: `/api/v1/vote/${generateCode(crypto.randomBytes)}`, remoteAddress: '2001:db8:7:1:ffff::9' });
      const next = await g.inject({ method: 'GET', url: `/api/v1/vote/${generateCode(crypto.randomBytes)}`, remoteAddress: '2001:db8:7:1:abcd::2' });
      expect(next.json().error.code).toBe('SOURCE_LOCKED');
      const otherNetwork = await g.inject({ method: 'GET', url: `/api/v1/vote/${generateCode(crypto.randomBytes)}`, remoteAddress: '2001:db8:7:2::1' });
      expect(otherNetwork.json().error.code).toBe('CODE_UNKNOWN');
    } finally {
      await g.close();
    }
  });

  it('counts the requests of one turn of the event loop in one Redis command, each counted once', async () => {
    const g = await createHarness({ VOTE_RATE_LIMIT: '30' });
    try {
      const redis = g.ctx.redis as unknown as { sendCommand(c: { name: string; args: unknown[] }): unknown };
      const send = redis.sendCommand.bind(redis);
      const limitCalls: number[] = [];
      redis.sendCommand = (c) => {
        if ((c.name === 'evalsha' || c.name === 'eval') && c.args.some((a) => String(a).startsWith(`${g.ctx.config.redisPrefix}:rl:`))) limitCalls.push(Number(c.args[1]) / 2);
        return send(c);
      };
      const answers = await Promise.all(
        Array.from({ length: 40 }, () => g.inject({ method: 'GET', url: '/api/v1/receipts/2222-2222-223', remoteAddress: '192.0.2.61' })),
      );
      // 40 requests, one script call per turn: far fewer calls than requests, 40 counts in all.
      expect(limitCalls.length).toBeLessThan(10);
      expect(limitCalls.reduce((a, b) => a + b, 0)).toBe(40);
      const remaining = answers.filter((a) => a.statusCode !== 429).map((a) => Number(a.headers['x-ratelimit-remaining'])).sort((a, b) => b - a);
      expect(remaining).toEqual(Array.from({ length: 30 }, (_, i) => 29 - i));
      expect(answers.filter((a) => a.statusCode === 429).map((a) => a.json().error.code)).toEqual(Array(10).fill('RATE_LIMITED'));
    } finally {
      await g.close();
    }
  });

  it('is rate-limited per address', async () => {
    const g = await createHarness({ VOTE_RATE_LIMIT: '5' });
    try {
      const codes = [];
      for (let i = 0; i < 7; i++) codes.push((await g.inject({ method: 'GET', url: '/api/v1/receipts/2222-2222-223', remoteAddress: '192.0.2.5' })).statusCode);
      expect(codes.slice(-1)[0]).toBe(429);
      const res = await g.inject({ method: 'GET', url: '/api/v1/receipts/2222-2222-223', remoteAddress: '192.0.2.5' });
      expect(res.json().error.code).toBe('RATE_LIMITED');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await g.close();
    }
  });
});

// Most groups are honest voters with fresh codes: the committer stores them
// in one statement that claims each code by its hash, without reading the
// codes first (committer.ts claimByHash). Whatever that statement leaves out
// is read and answered as before.
describe('ballots stored without reading their codes first', () => {
  const from = '198.51.100.20';
  const send = (code: string, body: unknown, headers: Record<string, string> = {}) =>
    h.inject({ method: 'POST', url: `/api/v1/vote/${code}`, payload: body as object, headers, remoteAddress: from });
  const codesRead = async () => (await h.ctx.metrics.submitCodesRead.get()).values[0]?.value ?? 0;
  const stored = (code: string) =>
    h.ctx.database.query<{ questionnaire_key: string; group_key: string; used: boolean }>(
      `select b.questionnaire_key, b.group_key, c.used_at is not null as used from codes c left join ballots b on b.code_id = c.id where c.hash = decode($1, 'hex')`,
      [h.ctx.secrets.hashCode(code.replace(/-/g, '')).toString('hex')],
    );
  let survey: string[];
  let inquiry: string[];
  let midyear: string[];
  beforeAll(async () => {
    ({ codes: survey } = await issueCodes(h, key, 'survey', 'citizens', 40));
    ({ codes: inquiry } = await issueCodes(h, key, 'inquiry', 'enterprises', 10));
    ({ codes: midyear } = await issueCodes(h, key, 'midyear', 'deputies', 10));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    // What a test's spy put in the memo of open campaigns goes with it.
    wrote(h.ctx.database, 'campaigns');
  });

  it('stores a group of fresh codes in one statement each, with no read of the codes, each exactly once', async () => {
    const reads = vi.spyOn(voteRepo, 'codeStates');
    const unread = vi.spyOn(voteRepo, 'claimByHash');
    const batch = survey.slice(0, 20);
    const readBefore = await codesRead();
    const answers = await Promise.all(batch.map((c) => send(c, ballotFor(UNITS, 'satisfied', { problems: { [UNITS[0]]: ['slow'] } }))));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(201));
    expect(await codesRead()).toBe(readBefore);
    expect(new Set(answers.map((a) => a.json().receipt)).size).toBe(20);
    expect(reads).not.toHaveBeenCalled();
    expect(unread.mock.calls.reduce((n, [, rows]) => n + rows.length, 0)).toBe(20);
    for (const c of batch) expect(await stored(c)).toEqual([{ questionnaire_key: 'survey', group_key: 'citizens', used: true }]);
    // Each receipt is the one stored.
    const check = await h.inject({ method: 'GET', url: `/api/v1/receipts/${answers[3].json().receipt}` });
    expect(check.json()).toMatchObject({ state: expect.any(String), campaign: { key } });
  });

  it("takes the questionnaire and group from the code when the answers fit several of the campaign's questionnaires", async () => {
    // Ratings on the satisfaction scale with no problems fit both "inquiry" and "survey".
    const unread = vi.spyOn(voteRepo, 'claimByHash');
    const [a, b] = await Promise.all([send(inquiry[0], ballotFor(UNITS, 'basically')), send(survey[20], ballotFor(UNITS, 'basically'))]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(unread.mock.calls.flatMap(([, rows]) => rows.map((r) => r.questionnaireKeys))).toEqual([
      ['inquiry', 'survey'],
      ['inquiry', 'survey'],
    ]);
    expect(await stored(inquiry[0])).toEqual([{ questionnaire_key: 'inquiry', group_key: 'enterprises', used: true }]);
    expect(await stored(survey[20])).toEqual([{ questionnaire_key: 'survey', group_key: 'citizens', used: true }]);
  });

  it("refuses answers that fit another questionnaire than the code's, and leaves the code unused", async () => {
    const reads = vi.spyOn(voteRepo, 'codeStates');
    // "satisfied" is not on the four-grade scale of the mid-year questionnaire.
    const res = await send(midyear[0], ballotFor(UNITS, 'satisfied'));
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('BALLOT_INVALID');
    expect(reads).toHaveBeenCalled();
    expect(await stored(midyear[0])).toEqual([{ questionnaire_key: null, group_key: null, used: false }]);
    expect((await send(midyear[0], ballotFor(UNITS, 'good'))).statusCode).toBe(201);
    expect(await stored(midyear[0])).toEqual([{ questionnaire_key: 'midyear', group_key: 'deputies', used: true }]);
  });

  it("leaves out a code whose campaign changed since its file was read, and stores it after reading the file as it is now", async () => {
    const original = voteRepo.openCampaigns;
    // As if the campaign had been edited after this process kept its file, before the notice arrived.
    vi.spyOn(voteRepo, 'openCampaigns').mockImplementation(async (db) => (await original(db)).map((c) => ({ ...c, version: `${c.version} (older)` })));
    wrote(h.ctx.database, 'campaigns'); // drops what this process kept of campaigns, so the spy is asked next
    const unread = vi.spyOn(voteRepo, 'claimByHash');
    const reads = vi.spyOn(voteRepo, 'codeStates');
    expect((await send(survey[21], ballotFor(UNITS, 'satisfied'))).statusCode).toBe(201);
    expect(unread.mock.calls[0][1][0].campaignVersion).toMatch(/\(older\)$/);
    expect(reads).toHaveBeenCalled();
    expect(await stored(survey[21])).toEqual([{ questionnaire_key: 'survey', group_key: 'citizens', used: true }]);
  });

  it('answers used, voided and unknown codes and a retried page in the same group as fresh ones, each for itself', async () => {
    const [used, voided, fresh1, fresh2, retried] = survey.slice(22, 27);
    const unknown = generateCode(randomBytes);
    const page = { 'idempotency-key': 'page-retrying-in-a-group' };
    expect((await send(used, ballotFor(UNITS, 'satisfied'))).statusCode).toBe(201);
    const first = await send(retried, ballotFor(UNITS, 'satisfied'), page);
    expect(first.statusCode).toBe(201);
    expect((await h.admin({ method: 'POST', url: `/api/v1/campaigns/${key}/codes/void`, payload: { code: voided, reason: 'lost sheet' } })).statusCode).toBe(200);
    const byHash = vi.spyOn(voteRepo, 'claimByHash');
    const answers = await Promise.all([
      send(used, ballotFor(UNITS, 'satisfied')),
      send(fresh1, ballotFor(UNITS, 'satisfied')),
      send(voided, ballotFor(UNITS, 'satisfied')),
      send(retried, ballotFor(UNITS, 'satisfied'), page),
      send(fresh2, ballotFor(UNITS, 'satisfied')),
      send(fresh2, ballotFor(UNITS, 'satisfied')),
      send(unknown, ballotFor(UNITS, 'satisfied')),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([409, 201, 410, 201, 201, 409, 404]);
    expect(answers.map((a) => a.json().error?.code)).toEqual(['CODE_ALREADY_USED', undefined, 'CODE_VOIDED', undefined, undefined, 'CODE_ALREADY_USED', 'CODE_UNKNOWN']);
    expect(answers[3].json().receipt).toBe(first.json().receipt);
    // The statement itself left out the used, voided and unknown codes (not a stale version), and stored the fresh ones.
    const hex = (c: string) => h.ctx.secrets.hashCode(c.replace(/-/g, '')).toString('hex');
    const sent = byHash.mock.calls.flatMap(([, rows]) => rows.map((r) => r.codeHash.toString('hex')));
    // (On one connection the submits may fall into two groups, so a code can be sent twice.)
    expect([...new Set(sent)].sort()).toEqual([used, fresh1, voided, retried, fresh2, unknown].map(hex).sort());
    const storedByIt = (await Promise.all(byHash.mock.results.map((r) => r.value as ReturnType<typeof voteRepo.claimByHash>))).flat().map((r) => r.hash);
    expect(storedByIt.sort()).toEqual([fresh1, fresh2].map(hex).sort());
    for (const c of [used, fresh1, retried, fresh2]) expect(await stored(c)).toHaveLength(1);
    expect(await stored(voided)).toEqual([{ questionnaire_key: null, group_key: null, used: false }]);
  });

  it('leaves out a code whose campaign was closed since this process read it, and refuses it for that', async () => {
    const [code] = survey.slice(28, 29);
    const [campaign] = await h.ctx.database.query<{ id: number }>(`select id from campaigns where key = $1`, [key]);
    await h.admin({ method: 'POST', url: `/api/v1/campaigns/${key}/status`, payload: { status: 'closed' } });
    try {
      // As if the notice of the close had not arrived yet: the campaign kept as open, at its current version.
      const [row] = await h.ctx.database.query<{ spec: never; version: string }>(`select spec, updated_at::text as version from campaigns where id = $1`, [campaign.id]);
      vi.spyOn(voteRepo, 'openCampaigns').mockResolvedValue([{ id: Number(campaign.id), spec: row.spec, version: row.version }]);
      wrote(h.ctx.database, 'campaigns');
      const byHash = vi.spyOn(voteRepo, 'claimByHash');
      const res = await send(code, ballotFor(UNITS, 'satisfied'));
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('CAMPAIGN_NOT_OPEN');
      expect(byHash).toHaveBeenCalledTimes(1);
      await expect(byHash.mock.results[0].value).resolves.toEqual([]);
      expect(await stored(code)).toEqual([{ questionnaire_key: null, group_key: null, used: false }]);
    } finally {
      await h.admin({ method: 'POST', url: `/api/v1/campaigns/${key}/status`, payload: { status: 'open' } });
    }
  });

  it('reads the codes first when the answers fit the questionnaires of two open campaigns', async () => {
    const other = await openCampaign(h, { ...EXAMPLE_SPEC, key: 'nantong-2026-twin', name: '同题另一次评议' });
    const { codes: twin } = await issueCodes(h, other, 'survey', 'citizens', 2);
    const unread = vi.spyOn(voteRepo, 'claimByHash');
    const reads = vi.spyOn(voteRepo, 'codeStates');
    const readBefore = await codesRead();
    const answers = await Promise.all([send(twin[0], ballotFor(UNITS, 'satisfied')), send(survey[30], ballotFor(UNITS, 'satisfied'))]);
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201]);
    expect(unread).not.toHaveBeenCalled();
    expect(reads).toHaveBeenCalled();
    // The metric says so (the submit benchmark reports it: its campaigns once all fitted these ballots).
    expect(await codesRead()).toBe(readBefore + 2);
    const [row] = await h.ctx.database.query<{ key: string }>(
      `select k.key from ballots b join codes c on c.id = b.code_id join campaigns k on k.id = b.campaign_id where c.hash = decode($1, 'hex')`,
      [h.ctx.secrets.hashCode(twin[0].replace(/-/g, '')).toString('hex')],
    );
    expect(row.key).toBe(other);
  });
});

