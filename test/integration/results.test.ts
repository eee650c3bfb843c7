// A small campaign scored by hand (test/fixtures/campaign.small.json):
// survey 60% from ballots (groups citizens 2 : firms 1), daily 40% entered.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeCampaignResult, type ScoringInput } from '@minping/shared/scoring';
import { EXAMPLE_SPEC, createHarness, drained, issueCodes, openCampaign, type Harness } from './harness.js';

const SPEC = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/campaign.small.json'), 'utf8'));
const KEY = SPEC.key as string;
const api = `/api/v1/campaigns/${KEY}`;
let h: Harness;
const receipts: Record<string, string> = {};
const c1Device = crypto.randomUUID();

type Body = { ratings: Record<string, string>; problems?: Record<string, string[]>; answeringMs?: number; deviceId?: string };
const BALLOTS: [string, 'citizens' | 'firms', Body][] = [
  ['C1', 'citizens', { ratings: { 'o-a': 'good', 'o-b': 'good', 'o-c': 'bad', 'w-a': 'good', 'w-b': 'ok' }, problems: { 'o-a': ['slow'] }, deviceId: c1Device }],
  ['C2', 'citizens', { ratings: { 'o-a': 'good', 'o-b': 'ok', 'o-c': 'ok', 'w-a': 'ok', 'w-b': 'unknown' }, problems: { 'o-a': ['slow', 'rude'] } }],
  ['C3', 'citizens', { ratings: { 'o-a': 'ok', 'o-b': 'unknown', 'o-c': 'bad', 'w-a': 'good' } }],
  ['F1', 'firms', { ratings: { 'o-a': 'ok', 'o-b': 'good', 'o-c': 'ok', 'w-a': 'bad' } }],
  ['F2', 'firms', { ratings: { 'o-a': 'ok', 'o-b': 'ok', 'o-c': 'ok' } }],
  // Flagged: answered in one second; and a second ballot from C1's device.
  ['FAST', 'citizens', { ratings: { 'o-c': 'good' }, answeringMs: 1000 }],
  ['DEVICE', 'citizens', { ratings: { 'w-b': 'good' }, deviceId: c1Device }],
];

/** Waits until the worker's result is at least as new as the last change of the inputs. */
async function fresh(timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const stale = await h.ctx.database.query(
      `select 1 from campaigns c left join campaign_results r on r.campaign_id = c.id
        where c.key = $1 and (r.computed_at is null or r.computed_at < c.tallies_changed_at)`, [KEY]);
    if (!stale.length) return;
    if (Date.now() > until) throw new Error('results never caught up');
    await new Promise((r) => setTimeout(r, 50));
  }
}
const results = async () => {
  await fresh();
  const res = await h.admin({ method: 'GET', url: `${api}/results` });
  expect(res.statusCode).toBe(200);
  return res.json();
};
const unit = (result: { units: { key: string }[] }, key: string) => result.units.find((u) => u.key === key) as Record<string, any>;
const category = (result: { categories: { key: string }[] }, key: string) => result.categories.find((c) => c.key === key) as Record<string, any>;
const ballotsOf = async (review: string) => (await h.admin({ method: 'GET', url: `${api}/ballots?review=${review}` })).json().ballots;
const receiptState = async (name: string) => (await h.inject({ method: 'GET', url: `/api/v1/receipts/${receipts[name]}` })).json().state;

beforeAll(async () => {
  h = await createHarness();
  await openCampaign(h, SPEC);
  const codes = {
    citizens: (await issueCodes(h, KEY, 'survey', 'citizens', 10)).codes,
    firms: (await issueCodes(h, KEY, 'survey', 'firms', 5)).codes,
  };
  for (const [name, group, body] of BALLOTS) {
    const res = await h.inject({ method: 'POST', url: `/api/v1/vote/${codes[group].shift()}`, payload: { answeringMs: 60_000, deviceId: crypto.randomUUID(), ...body } });
    expect(res.statusCode).toBe(201);
    receipts[name] = res.json().receipt;
  }
  await h.startWorker();
  await drained(h);
  const scores = [['o-a', 90], ['o-b', '88.3125'], ['o-c', 75], ['w-a', '80.125'], ['w-b', 95]].map(([u, score]) => ({ unit: u, score }));
  expect((await h.admin({ method: 'PUT', url: `${api}/scores/daily`, payload: { scores } })).statusCode).toBe(200);
});
afterAll(() => h.close());

describe('results computed from ballots and entered scores', () => {
  it('match the composites worked out by hand', async () => {
    const body = await results();
    expect(body).toMatchObject({ campaign: { key: KEY, status: 'open' }, ballotsCounted: 5 });
    const r = body.result;
    // survey o-a: citizens (100+100+80)/3, firms 80 → (2·93.33… + 80)/3 = 88.88…; composite .4·90 + .6·88.88… = 89.333…
    // o-b: citizens 90 (不了解 left out), firms 90 → 90; composite .4·88.3125 + 54 = 89.325 → 89.33 (half up): a tie with o-a
    // o-c: (2·53.33… + 80)/3 = 62.22…; composite 30 + 37.33… = 67.33 (red)
    // w-a: (2·93.33… + 40)/3 = 75.55…; composite 32.05 + 45.33… = 77.38 (yellow); w-b: one rating with points, 2 required
    const table = r.units.map((u: Record<string, any>) => [u.key, u.composite, u.components[1].score, u.components[1].ratings, u.rank, u.warning]);
    expect(table).toEqual([
      ['o-a', '89.33', '88.89', 5, 1, 'green'],
      ['o-b', '89.33', '90.00', 4, 1, 'green'],
      ['o-c', '67.33', '62.22', 5, 3, 'red'],
      ['w-a', '77.38', '75.56', 4, 1, 'yellow'],
      ['w-b', null, '80.00', 1, null, null],
    ]);
    expect(unit(r, 'o-b').components[0]).toMatchObject({ key: 'daily', source: 'entered', weight: 40, score: '88.31' });
    expect(unit(r, 'w-b').insufficientReasons).toEqual([{ component: 'survey', reason: 'too-few-ratings', ratings: 1, required: 2 }]);
    expect(unit(r, 'o-a').components[1].byGroup).toEqual([{ group: 'citizens', ratings: 3, mean: '93.33' }, { group: 'firms', ratings: 2, mean: '80.00' }]);
    expect(unit(r, 'o-b').components[1].distribution.map((d: { count: number; share: string | null }) => [d.count, d.share])).toEqual([[2, '50.00'], [2, '50.00'], [0, '0.00'], [1, null]]);
    expect(unit(r, 'o-a').topProblems).toEqual([
      { problem: 'slow', label: '办事效率低', count: 2, share: '40.00' },
      { problem: 'rude', label: '态度生硬', count: 1, share: '20.00' },
    ]);
    expect(category(r, 'offices')).toMatchObject({ ranked: ['o-a', 'o-b', 'o-c'], insufficient: [], topUnits: ['o-a', 'o-b'], bottomUnits: ['o-c'] });
    expect(category(r, 'windows')).toMatchObject({ ranked: ['w-a'], insufficient: ['w-b'], topUnits: ['w-a'], bottomUnits: ['w-a'] });
    expect(unit(r, 'o-c')).toMatchObject({ inTop: false, inBottom: true, consecutiveBottom: 1 });
  });

  it('are the same when rebuilt from every raw ballot', async () => {
    const fromTallies = (await results()).result;
    const rebuilt = await h.admin({ method: 'POST', url: `${api}/results/recompute`, payload: { from: 'ballots' } });
    expect(rebuilt.statusCode).toBe(200);
    expect(rebuilt.json().result).toEqual(fromTallies);
    const again = await h.admin({ method: 'POST', url: `${api}/results/recompute` });
    expect(again.statusCode).toBe(200);
    expect(again.json().result).toEqual(fromTallies);
    expect((await h.admin({ method: 'POST', url: `${api}/results/recompute`, payload: { from: 'guesses' } })).statusCode).toBe(400);
  });
});

describe('flagged ballots', () => {
  it('are listed with their reasons and left out of the scores', async () => {
    const flagged = await ballotsOf('flagged');
    expect(flagged.map((b: Record<string, unknown>) => [b.flags, b.answeringMs, b.ratings, b.group, b.review])).toEqual([
      [['too-fast'], 1000, 1, 'citizens', 'flagged'],
      [['device'], 60_000, 1, 'citizens', 'flagged'],
    ]);
    // The reviewer sees what a flagged ballot answered (issue 10), never a hash.
    expect(flagged.map((b: { answers: unknown }) => b.answers)).toEqual([
      { ratings: { 'o-c': 'good' }, problems: {} },
      { ratings: { 'w-b': 'good' }, problems: {} },
    ]);
    expect(JSON.stringify(flagged)).not.toMatch(/hash/);
    expect(await receiptState('FAST')).toBe('flagged');
    const page = (await h.admin({ method: 'GET', url: `${api}/ballots?limit=1` })).json();
    expect(page).toMatchObject({ ballots: [{ id: flagged[0].id }], next: flagged[0].id });
    expect((await h.admin({ method: 'GET', url: `${api}/ballots?limit=1&after=${page.next}` })).json()).toMatchObject({ ballots: [{ id: flagged[1].id }], next: null });
  });

  it('count once cleared, and the results change', async () => {
    const [fast] = await ballotsOf('flagged');
    const res = await h.admin({ method: 'POST', url: `${api}/ballots/review`, payload: { action: 'clear', ids: [fast.id] } });
    expect(res.json()).toEqual({ changed: 1 });
    await drained(h);
    const body = await results();
    expect(body.ballotsCounted).toBe(6);
    // o-c citizens now (40+80+40+100)/4 = 65 → survey (2·65 + 80)/3 = 70 → composite 30 + 42 = 72
    expect(unit(body.result, 'o-c')).toMatchObject({ composite: '72.00', warning: 'yellow', rank: 3 });
    expect(unit(body.result, 'o-c').components[1]).toMatchObject({ score: '70.00', ratings: 6 });
    expect(unit(body.result, 'o-a').topProblems.map((p: { share: string }) => p.share)).toEqual(['33.33', '16.67']);
    expect(await receiptState('FAST')).toBe('counted');
    expect((await ballotsOf('cleared')).map((b: { id: number }) => b.id)).toEqual([fast.id]);
  });

  it('never count once voided', async () => {
    const [device] = await ballotsOf('flagged');
    const before = (await results()).result;
    expect((await h.admin({ method: 'POST', url: `${api}/ballots/review`, payload: { action: 'void', ids: [device.id] } })).json()).toEqual({ changed: 1 });
    expect(await receiptState('DEVICE')).toBe('voided');
    expect(await ballotsOf('flagged')).toEqual([]);
    // A void stands: it cannot be cleared back into the count.
    const undo = await h.admin({ method: 'POST', url: `${api}/ballots/review`, payload: { action: 'clear', ids: [device.id] } });
    expect(undo.statusCode).toBe(409);
    expect(undo.json().error.code).toBe('BALLOT_NOT_FLAGGED');
    expect(await receiptState('DEVICE')).toBe('voided');
    const after = await results();
    expect(after.result).toEqual(before);
    expect(after.ballotsCounted).toBe(6);
    expect(unit(after.result, 'w-b').composite).toBeNull();
  });

  it('refuses to clear a ballot that was not flagged, or one that does not exist', async () => {
    const [ordinary] = await ballotsOf('none');
    const res = await h.admin({ method: 'POST', url: `${api}/ballots/review`, payload: { action: 'clear', ids: [ordinary.id] } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('BALLOT_NOT_FLAGGED');
    const missing = await h.admin({ method: 'POST', url: `${api}/ballots/review`, payload: { action: 'void', ids: [ordinary.id, 999_999] } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('BALLOT_NOT_FOUND');
    expect((await ballotsOf('voided')).length).toBe(1); // the ordinary ballot was not voided along the way
    expect(await receiptState('C1')).toBe('counted');
  });
});

describe('publishing', () => {
  let v1: unknown;

  it('is refused while voting is open, and the public sees nothing yet', async () => {
    const res = await h.admin({ method: 'POST', url: `${api}/results/publish` });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('INVALID_STATUS_TRANSITION');
    const pub = await h.inject({ method: 'GET', url: `/api/v1/public/campaigns/${KEY}/results` });
    expect(pub.statusCode).toBe(404);
    expect(pub.json().error.code).toBe('NOT_PUBLISHED');
    expect((await h.inject({ method: 'GET', url: `/api/v1/public/campaigns/${KEY}/open-data.json` })).json().error.code).toBe('NOT_PUBLISHED');
  });

  it('makes version 1 public once voting is closed', async () => {
    await h.admin({ method: 'POST', url: `${api}/status`, payload: { status: 'closed' } });
    const res = await h.admin({ method: 'POST', url: `${api}/results/publish` });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ version: 1 });
    const pub = await h.inject({ method: 'GET', url: `/api/v1/public/campaigns/${KEY}/results` });
    expect(pub.statusCode).toBe(200);
    expect(pub.json()).toMatchObject({ campaign: { key: KEY, name: SPEC.name, year: 2026, series: 'small' }, version: 1, versions: [{ version: 1 }] });
    expect(pub.json().result).toEqual((await results()).result);
    v1 = pub.json();
    expect((await h.admin({ method: 'GET', url: `/api/v1/campaigns/${KEY}` })).json().status).toBe('published');
  });

  it('publishes the inputs, and they reproduce the result exactly', async () => {
    const res = await h.inject({ method: 'GET', url: `/api/v1/public/campaigns/${KEY}/open-data.json` });
    expect(res.statusCode).toBe(200);
    const { inputs, version } = res.json();
    expect(version).toBe(1);
    expect(inputs.spec.components.map((c: { key: string; weight: number }) => [c.key, c.weight])).toEqual([['daily', 40], ['survey', 60]]);
    expect(inputs.spec.groups.map((g: { key: string; weight: number }) => [g.key, g.weight])).toEqual([['citizens', 2], ['firms', 1]]);
    const { fraud: _fraud, ...publicRules } = SPEC.rules;
    expect(inputs.spec.rules).toEqual(publicRules); // fraud thresholds are not published
    const count = (u: string, g: string, o: string) => inputs.ratingCounts.find((r: Record<string, unknown>) => r.unit === u && r.group === g && r.option === o)?.count ?? 0;
    expect([count('o-c', 'citizens', 'bad'), count('o-c', 'citizens', 'good'), count('o-b', 'citizens', 'unknown'), count('w-b', 'citizens', 'good')]).toEqual([2, 1, 1, 0]);
    expect(inputs.entered.map((e: { unit: string; score: string }) => [e.unit, Number(e.score)])).toEqual([['o-a', 90], ['o-b', 88.3125], ['o-c', 75], ['w-a', 80.125], ['w-b', 95]]);
    expect(inputs.vetoes).toEqual([]);
    expect(computeCampaignResult(inputs as ScoringInput)).toEqual((v1 as { result: unknown }).result);
  });

  it('keeps version 1 unchanged when a correction is published as version 2', async () => {
    await h.admin({ method: 'PUT', url: `${api}/vetoes/o-a`, payload: { reason: '违反中央八项规定精神' } });
    const res = await h.admin({ method: 'POST', url: `${api}/results/publish` });
    expect(res.json()).toEqual({ version: 2 });
    const latest = (await h.inject({ method: 'GET', url: `/api/v1/public/campaigns/${KEY}/results` })).json();
    expect(latest.version).toBe(2);
    expect(latest.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(category(latest.result, 'offices').ranked).toEqual(['o-b', 'o-c', 'o-a']);
    expect(unit(latest.result, 'o-a')).toMatchObject({ vetoed: true, warning: 'red', rank: 3 });
    const first = (await h.inject({ method: 'GET', url: `/api/v1/public/campaigns/${KEY}/results?version=1` })).json();
    expect({ ...first, versions: undefined }).toEqual({ ...(v1 as object), versions: undefined });
    const data2 = (await h.inject({ method: 'GET', url: `/api/v1/public/campaigns/${KEY}/open-data.json?version=2` })).json();
    expect(data2.inputs.vetoes).toEqual([{ unit: 'o-a', reason: '违反中央八项规定精神' }]);
    expect(computeCampaignResult(data2.inputs)).toEqual(latest.result);
    expect((await h.inject({ method: 'GET', url: `/api/v1/public/campaigns/${KEY}/results?version=3` })).json().error.code).toBe('NOT_PUBLISHED');
  });

  it('answers NOT_PUBLISHED for a campaign never published and CAMPAIGN_NOT_FOUND for none', async () => {
    await h.admin({ method: 'POST', url: '/api/v1/campaigns/import', payload: EXAMPLE_SPEC });
    const res = await h.inject({ method: 'GET', url: `/api/v1/public/campaigns/${EXAMPLE_SPEC.key}/results` });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_PUBLISHED');
    expect((await h.inject({ method: 'GET', url: '/api/v1/public/campaigns/nowhere/results' })).json().error.code).toBe('CAMPAIGN_NOT_FOUND');
  });
});
