// The office's review of flagged ballots (issue 10): the list shows each
// ballot's receipt start, flags, flag groups and answers (never a comment, nor
// whether there is one); a whole flag group is cleared or voided in one step;
// publishing with ballots still to review asks for their count first.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ballotFor, createHarness, drained, EXAMPLE_SPEC, issueCodes, openCampaign, type Harness } from './harness.js';
import { UNITS } from '../fixtures/units.js';

const mixed = (i: number) => ['satisfied', 'basically', 'dissatisfied'][i % 3];
const KEY = 'review-2026';
const api = `/api/v1/campaigns/${KEY}`;
let h: Harness;
const receipts: string[] = [];

type Listed = { id: number; receipt: string | null; flags: string[]; flagGroups: string[]; review: string; answers: { ratings: Record<string, string>; problems: Record<string, string[]> } } & Record<string, unknown>;

const list = async (query = ''): Promise<{ ballots: Listed[]; total: number }> => (await h.admin({ method: 'GET', url: `${api}/ballots${query}` })).json();
const groups = async (query = '') => (await h.admin({ method: 'GET', url: `${api}/ballots/groups${query}` })).json();
const reviewGroup = (group: string, payload: object) => h.admin({ method: 'POST', url: `${api}/ballots/groups/${group}/review`, payload });
const counted = async () => {
  const [r] = await h.ctx.database.query<{ n: number }>(`select count(*)::int as n from ballots b join campaigns c on c.id = b.campaign_id where c.key = $1 and b.counted`, [KEY]);
  return Number(r.n);
};

beforeAll(async () => {
  h = await createHarness();
  await h.startWorker();
  const spec = { ...EXAMPLE_SPEC, key: KEY, rules: { ...EXAMPLE_SPEC.rules, fraud: { ...EXAMPLE_SPEC.rules.fraud, maxBallotsPerAddressPerMinute: 2 } } };
  await openCampaign(h, spec);
  const { codes } = await issueCodes(h, KEY, 'survey', 'citizens', 9);
  const cast = async (i: number, body: object, remoteAddress: string) => {
    const res = await h.inject({ method: 'POST', url: `/api/v1/vote/${codes[i]}`, payload: body, remoteAddress });
    expect(res.statusCode, res.body).toBe(201);
    receipts[i] = res.json().receipt;
  };
  const phone = 'one-phone-many-codes';
  // 0: the phone's first ballot, clean. 1, 2: the same phone again; 2 also ticks a problem.
  await cast(0, ballotFor(UNITS, mixed, { deviceId: phone }), '10.1.0.1');
  await cast(1, ballotFor(UNITS, mixed, { deviceId: phone }), '10.1.0.2');
  await cast(2, ballotFor(UNITS, mixed, { deviceId: phone, problems: { [UNITS[0]]: ['slow'] } }), '10.1.0.3');
  // 3, 4, 5: one address; the third within the minute is a burst. 5 is also too fast.
  await cast(3, ballotFor(UNITS, mixed), '10.2.0.1');
  await cast(4, ballotFor(UNITS, mixed), '10.2.0.1');
  await cast(5, ballotFor(UNITS, mixed, { answeringMs: 2_000 }), '10.2.0.1');
  // 6, 7: too fast, the same answers, one with a comment and one without.
  await cast(6, ballotFor(UNITS, 'basically', { answeringMs: 3_000, deviceId: 'device-six-0000' }), '10.3.0.6');
  await cast(7, ballotFor(UNITS, 'basically', { answeringMs: 3_000, deviceId: 'device-seven-000', comment: '窗口人员态度很好' }), '10.3.0.7');
  await cast(8, ballotFor(UNITS, mixed), '10.4.0.1');
  await drained(h);
});
afterAll(() => h.close());

describe('the review list', () => {
  it('shows each flagged ballot with the start of its receipt, its flags, its flag groups and its answers', async () => {
    const { ballots, total } = await list();
    expect(total).toBe(5);
    const byReceipt = (i: number) => ballots.find((b) => b.receipt === receipts[i].replace(/-/g, '').slice(0, 4));
    expect(ballots.map((b) => b.receipt)).toEqual([1, 2, 5, 6, 7].map((i) => receipts[i].slice(0, 4)));
    for (const b of ballots) expect(b.receipt).toMatch(/^[2-9A-Z]{4}$/);
    const device = byReceipt(1)!.flagGroups[0];
    expect(device).toMatch(/^device-[0-9a-f]{12}$/);
    expect(byReceipt(2)).toMatchObject({ flags: ['device'], flagGroups: [device], answers: { problems: { [UNITS[0]]: ['slow'] } } });
    expect(byReceipt(2)!.answers.ratings).toEqual(Object.fromEntries(UNITS.map((u, i) => [u, mixed(i)])));
    expect(byReceipt(5)).toMatchObject({ flags: ['burst', 'too-fast'], flagGroups: [expect.stringMatching(/^burst-[0-9a-f]{12}-\d{12}$/), 'too-fast'] });
    // The minute in the id is the UTC minute the ballot was accepted in.
    const [row] = await h.ctx.database.query<{ m: string }>(`select to_char(submitted_at at time zone 'UTC', 'YYYYMMDDHH24MI') as m from ballots where id = $1`, [byReceipt(5)!.id]);
    expect(byReceipt(5)!.flagGroups[0].endsWith(`-${row.m}`)).toBe(true);
    expect(JSON.stringify(ballots)).not.toMatch(/hash|\\\\x|10\.\d+\.0\.\d|one-phone/);
  });

  it('never tells a ballot with a comment from one without: that would join the comment to its ratings', async () => {
    const { ballots } = await list('?group=too-fast');
    const [six, seven] = [6, 7].map((i) => ballots.find((b) => b.receipt === receipts[i].slice(0, 4))!);
    const strip = ({ id: _i, receipt: _r, submittedAt: _s, ...rest }: Listed) => rest;
    expect(strip(seven)).toEqual(strip(six));
    expect(JSON.stringify(ballots)).not.toContain('窗口人员态度很好');
    expect(JSON.stringify(ballots)).not.toMatch(/comment/i);
  });

  it('lists the flag groups, the largest first, and the ballots of one group', async () => {
    const g = await groups();
    expect(g.total).toBe(3);
    expect(g.groups.map((x: { rule: string; flagged: number; alsoFlaggedOtherwise: number }) => [x.rule, x.flagged, x.alsoFlaggedOtherwise])).toEqual([
      ['too-fast', 3, 1],
      ['device', 2, 0],
      ['burst', 1, 1],
    ]);
    const device = g.groups[1].id;
    expect((await list(`?group=${device}`)).ballots.map((b) => b.receipt)).toEqual([1, 2].map((i) => receipts[i].slice(0, 4)));
    expect((await h.admin({ method: 'GET', url: `${api}/ballots?group=device-xyz` })).statusCode).toBe(400);
  });
});

describe('reviewing a whole flag group', () => {
  it('voids every ballot of the group in one step, with the reason in the audit log; again, it changes nothing', async () => {
    const device = (await groups()).groups.find((x: { rule: string }) => x.rule === 'device').id;
    const before = await counted();
    expect((await reviewGroup(device, { action: 'void', expected: 2 })).statusCode).toBe(400); // a reason is needed
    const res = await reviewGroup(device, { action: 'void', reason: '同一手机连续提交', expected: 2 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ group: device, changed: 2, skipped: 0 });
    expect((await list(`?group=${device}&review=voided`)).total).toBe(2);
    expect(await counted()).toBe(before);
    const again = await reviewGroup(device, { action: 'void', reason: '再次', expected: 2 });
    expect(again.json()).toEqual({ group: device, changed: 0, skipped: 2 });
    // A group's reviewed ballots keep their decision: clearing it afterwards skips them.
    expect((await reviewGroup(device, { action: 'clear', reason: '误判', expected: 0 })).json()).toEqual({ group: device, changed: 0, skipped: 2 });
    const audit = await h.ctx.database.query<{ action: string; target: string; detail: { reason: string; changed: number } }>(`select action, target, detail from audit_log where action like 'ballots.group-%' order by id`);
    expect(audit).toEqual([{ action: 'ballots.group-void', target: device, detail: expect.objectContaining({ reason: '同一手机连续提交', changed: 2 }) }]);
  });

  it('clears every ballot of a group: they count, and the results follow', async () => {
    const res = await reviewGroup('too-fast', { action: 'clear', reason: '会场集中填写，属正常', expected: 3 });
    expect(res.json()).toEqual({ group: 'too-fast', changed: 3, skipped: 0 });
    // The burst ballot was also too fast: one decision for the ballot, so it is cleared with the group.
    expect((await list()).total).toBe(0);
    expect(await counted()).toBe(7);
    await drained(h);
    const results = async () => (await h.admin({ method: 'GET', url: `${api}/results` })).json().ballotsCounted;
    await vi.waitFor(async () => expect(await results()).toBe(7), { timeout: 30_000, interval: 100 });
  });

  it('answers 404 for a group with no ballot, 400 for what is not a group id', async () => {
    const none = await reviewGroup('straight-lining', { action: 'void', reason: 'x', expected: 1 });
    expect(none.statusCode).toBe(404);
    expect(none.json().error.code).toBe('FLAG_GROUP_NOT_FOUND');
    expect((await reviewGroup('device-1234', { action: 'void', reason: 'x', expected: 1 })).statusCode).toBe(400);
  });
});

describe('publishing with flagged ballots still to review', () => {
  it('asks first, naming how many, and publishes once the count is confirmed', async () => {
    const { codes } = await issueCodes(h, KEY, 'survey', 'citizens', 2);
    for (const c of codes) await h.inject({ method: 'POST', url: `/api/v1/vote/${c}`, payload: ballotFor(UNITS, mixed, { answeringMs: 1_000 }), remoteAddress: '10.9.0.1' });
    await drained(h);
    expect((await h.admin({ method: 'POST', url: `${api}/status`, payload: { status: 'closed' } })).statusCode).toBe(200);
    const refused = await h.admin({ method: 'POST', url: `${api}/results/publish` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'FLAGGED_UNREVIEWED', details: [{ code: 'FLAGGED_UNREVIEWED', params: { count: 2 } }] });
    const wrong = await h.admin({ method: 'POST', url: `${api}/results/publish`, payload: { unreviewedFlagged: 1 } });
    expect(wrong.statusCode).toBe(409);
    const ok = await h.admin({ method: 'POST', url: `${api}/results/publish`, payload: { unreviewedFlagged: 2 } });
    expect(ok.statusCode, ok.body).toBe(201);
    // Reviewed, nothing is left to confirm: publishing needs no body again.
    // The group's earlier, cleared ballots keep their decision.
    // Two came in since the office looked at one: what nobody saw is not judged.
    const stale = await reviewGroup('too-fast', { action: 'void', reason: '答题过快', expected: 1 });
    expect([stale.statusCode, stale.json().error.code, stale.json().error.details[0].params]).toEqual([409, 'FLAG_GROUP_CHANGED', { count: 2 }]);
    expect((await list()).total).toBe(2);
    expect((await reviewGroup('too-fast', { action: 'void', reason: '答题过快', expected: 2 })).json()).toEqual({ group: 'too-fast', changed: 2, skipped: 3 });
    expect((await h.admin({ method: 'POST', url: `${api}/results/publish` })).statusCode).toBe(201);
  });
});
