// No ballot can fail another. Ballots are committed in groups (one
// claim-and-insert statement for many voters), so a ballot the statement
// chokes on would fail every voter in its group. These tests call the
// committer directly, below the HTTP boundary and its schema checks, with
// poisoned ballots among honest ones sent at the same moment.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BallotSubmission } from '@minping/shared/contracts/vote';
import { normalizeCode } from '@minping/shared/codes';
import { createBallotCommitter, type BallotCommitter } from '../../server/src/modules/vote/committer.js';
import { voteRepo } from '../../server/src/modules/vote/vote.repo.js';
import { AppError } from '../../server/src/lib/errors.js';
import { ballotFor, createHarness, issueCodes, openCampaign, type Harness } from './harness.js';
import { UNITS } from '../fixtures/units.js';

let h: Harness;
let committer: BallotCommitter;
let codes: string[];
let next = 0;
const take = (n: number) => codes.slice(next, (next += n));

beforeAll(async () => {
  h = await createHarness();
  const key = await openCampaign(h);
  ({ codes } = await issueCodes(h, key, 'survey', 'citizens', 320));
  committer = createBallotCommitter(h.ctx);
});
afterEach(() => vi.restoreAllMocks());
afterAll(async () => {
  await committer.close();
  await h.close();
});

const hashOf = (code: string) => h.ctx.secrets.hashCode(normalizeCode(code));
const submit = (code: string, body: unknown) =>
  committer.submit({ codeHash: hashOf(code), body: body as BallotSubmission, address: '203.0.113.9' });

async function codeState(code: string) {
  const [row] = await h.ctx.database.query<{ used: boolean; ballots: number }>(
    `select c.used_at is not null as used, (select count(*)::int from ballots b where b.code_id = c.id) as ballots
       from codes c where c.hash = decode($1, 'hex')`,
    [hashOf(code).toString('hex')],
  );
  return { used: row.used, ballots: Number(row.ballots) };
}

/** Sends every ballot in the same tick, so all but the first wait for and join one commit group. */
async function sendTogether(items: { code: string; body: unknown }[]) {
  const settled = await Promise.allSettled(items.map((i) => submit(i.code, i.body)));
  return settled.map((s) => (s.status === 'fulfilled' ? { ok: true as const } : { ok: false as const, err: s.reason as unknown }));
}

const statusOf = (err: unknown) => (err instanceof AppError ? err.status : 500);
const codeOf = (err: unknown) => (err instanceof AppError ? err.code : String((err as Error)?.message ?? err));

const POISONS: [string, (b: ReturnType<typeof ballotFor>) => unknown][] = [
  ['a lone high surrogate in the comment', (b) => ({ ...b, comment: '\ud800x' })],
  ['a lone low surrogate in the comment', (b) => ({ ...b, comment: 'ok \udc00' })],
  ['NUL in the comment', (b) => ({ ...b, comment: 'a\u0000b' })],
  ['NUL in the device id', (b) => ({ ...b, deviceId: 'device-\u0000-0001' })],
  ['a lone surrogate in the device id', (b) => ({ ...b, deviceId: 'device-\ud83d-0001' })],
  ['an answering time beyond an int', (b) => ({ ...b, answeringMs: 1e12 })],
  ['a fractional answering time', (b) => ({ ...b, answeringMs: 1.5 })],
  ['a negative answering time', (b) => ({ ...b, answeringMs: -5 })],
  ['a NaN answering time', (b) => ({ ...b, answeringMs: Number.NaN })],
  ['an oversize comment', (b) => ({ ...b, comment: 'x'.repeat(100_000) })],
  ['a rating that is not text', (b) => ({ ...b, ratings: { ...b.ratings, 'w-gs': { nested: true } } })],
  ['an unknown field', (b) => ({ ...b, extra: 'x'.repeat(1000) })],
];

describe('a poisoned ballot among honest ones sent at the same moment', () => {
  it.each(POISONS)('with %s: it alone is refused with a 4xx code, every honest ballot is accepted and stored, its code stays unused', async (_name, poison) => {
    const group = take(21);
    const poisoned = group[10];
    const items = group.map((code, i) => ({ code, body: i === 10 ? poison(ballotFor(UNITS, 'satisfied')) : ballotFor(UNITS, 'satisfied') }));
    const results = await sendTogether(items);

    const refused = results[10];
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(statusOf(refused.err)).toBeGreaterThanOrEqual(400);
      expect(statusOf(refused.err)).toBeLessThan(500);
      expect(codeOf(refused.err)).toBe('BALLOT_INVALID');
    }
    const honest = results.filter((_, i) => i !== 10);
    expect(honest.map((r) => (r.ok ? 'accepted' : codeOf(r.err)))).toEqual(Array(20).fill('accepted'));
    for (const code of group.filter((_, i) => i !== 10)) expect(await codeState(code)).toEqual({ used: true, ballots: 1 });
    expect(await codeState(poisoned)).toEqual({ used: false, ballots: 0 });
    // The voter fixes the ballot and sends it again: the code still works, once.
    await expect(submit(poisoned, ballotFor(UNITS, 'basically'))).resolves.toMatchObject({ receipt: expect.any(String) });
    expect(await codeState(poisoned)).toEqual({ used: true, ballots: 1 });
  });
});

describe('a group statement that still fails', () => {
  it('commits or refuses its ballots one by one: honest ones accepted, the one PostgreSQL rejects refused, its code unused', async () => {
    const group = take(21);
    const poisonedCode = group[7];
    const [{ id: poisonedId }] = await h.ctx.database.query<{ id: number }>(`select id::int as id from codes where hash = decode($1, 'hex')`, [
      hashOf(poisonedCode).toString('hex'),
    ]);
    // A ballot that slipped past every check yet makes PostgreSQL fail the
    // statement (a real 22P02: jsonb refuses the lone surrogate), first in
    // the statement that claims codes without reading them, then in the one
    // after the read.
    const poisonedHash = hashOf(poisonedCode);
    const originalByHash = voteRepo.claimByHash;
    const unread = vi.spyOn(voteRepo, 'claimByHash').mockImplementation((q, rows) =>
      originalByHash(q, rows.map((r) => (r.codeHash.equals(poisonedHash) ? { ...r, comment: '\ud800x' } : r))),
    );
    const original = voteRepo.claimAndInsert;
    const spy = vi.spyOn(voteRepo, 'claimAndInsert').mockImplementation((q, rows) =>
      original(q, rows.map((r) => (Number(r.codeId) === Number(poisonedId) ? { ...r, comment: '\ud800x' } : r))),
    );
    const results = await sendTogether(group.map((code) => ({ code, body: ballotFor(UNITS, 'dissatisfied') })));

    expect(unread.mock.calls.some(([, rows]) => rows.length > 1 && rows.some((r) => r.codeHash.equals(poisonedHash)))).toBe(true);
    expect(spy.mock.calls.some(([, rows]) => rows.length > 1 && rows.some((r) => Number(r.codeId) === Number(poisonedId)))).toBe(true);
    expect(results[7].ok).toBe(false);
    if (!results[7].ok) {
      expect(statusOf(results[7].err)).toBe(422);
      expect(codeOf(results[7].err)).toBe('BALLOT_INVALID');
    }
    expect(results.filter((_, i) => i !== 7).map((r) => (r.ok ? 'accepted' : codeOf(r.err)))).toEqual(Array(20).fill('accepted'));
    for (const code of group.filter((_, i) => i !== 7)) expect(await codeState(code)).toEqual({ used: true, ballots: 1 });
    expect(await codeState(poisonedCode)).toEqual({ used: false, ballots: 0 });

    vi.restoreAllMocks();
    await expect(submit(poisonedCode, ballotFor(UNITS, 'basically'))).resolves.toMatchObject({ receipt: expect.any(String) });
    expect(await codeState(poisonedCode)).toEqual({ used: true, ballots: 1 });
  });

  it('answers 503, not 500, when the database itself is gone, and marks no code used', async () => {
    const group = take(5);
    const gone = Object.assign(new Error('Connection terminated unexpectedly'), { code: undefined });
    vi.spyOn(voteRepo, 'claimByHash').mockRejectedValue(gone);
    vi.spyOn(voteRepo, 'claimAndInsert').mockRejectedValue(gone);
    const results = await sendTogether(group.map((code) => ({ code, body: ballotFor(UNITS, 'satisfied') })));
    expect(results.map((r) => (r.ok ? 'accepted' : `${statusOf(r.err)} ${codeOf(r.err)}`))).toEqual(Array(5).fill('503 SERVICE_UNAVAILABLE'));
    for (const code of group) expect(await codeState(code)).toEqual({ used: false, ballots: 0 });
  });
});

describe('the statement that claims codes without reading them', () => {
  it('answers 503 when it stores nothing and the database is then gone, and marks no code used', async () => {
    const group = take(5);
    vi.spyOn(voteRepo, 'claimByHash').mockResolvedValue([]);
    vi.spyOn(voteRepo, 'claimAndInsert').mockRejectedValue(Object.assign(new Error('Connection terminated unexpectedly'), { code: undefined }));
    const results = await sendTogether(group.map((code) => ({ code, body: ballotFor(UNITS, 'satisfied') })));
    expect(results.map((r) => (r.ok ? 'accepted' : `${statusOf(r.err)} ${codeOf(r.err)}`))).toEqual(Array(5).fill('503 SERVICE_UNAVAILABLE'));
    for (const code of group) expect(await codeState(code)).toEqual({ used: false, ballots: 0 });
  });

  it.each([
    ['a deadlock', '40P01'],
    ['a receipt collision', '23505'],
  ])('rolled back whole by %s, leaves the group to the read, which stores each ballot once', async (_, sqlState) => {
    const group = take(12);
    const byHash = vi.spyOn(voteRepo, 'claimByHash').mockRejectedValue(Object.assign(new Error(`failed (${sqlState})`), { code: sqlState }));
    const results = await sendTogether(group.map((code) => ({ code, body: ballotFor(UNITS, 'basically') })));
    expect(byHash).toHaveBeenCalled();
    expect(results.map((r) => (r.ok ? 'accepted' : codeOf(r.err)))).toEqual(Array(12).fill('accepted'));
    for (const code of group) expect(await codeState(code)).toEqual({ used: true, ballots: 1 });
  });
});

describe('over HTTP', () => {
  it('a lone surrogate in the comment is a 4xx for its sender, never a 500', async () => {
    const [code] = take(1);
    const res = await h.inject({ method: 'POST', url: `/api/v1/vote/${code}`, payload: { ...ballotFor(UNITS, 'satisfied'), comment: '\ud800x' } });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.json().error.code).toEqual(expect.any(String));
    expect(await codeState(code)).toEqual({ used: false, ballots: 0 });
  });
});
