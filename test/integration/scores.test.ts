import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/src/modules/auth/auth.service.js';
import { EXAMPLE_SPEC, createHarness, openCampaign, type Harness } from './harness.js';
import { TWO_CONNECTIONS, holdAfter, meet } from './races.js';
import { scoresRepo } from '../../server/src/modules/scores/scores.repo.js';

let h: Harness;
let key: string;
let clerkCookie: string;

beforeAll(async () => {
  h = await createHarness();
  key = await openCampaign(h);
  await createUser(h.ctx, { username: 'clerk', password: 'clerk-password-1', role: 'admin' });
  const login = await h.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'clerk', password: 'clerk-password-1' } });
  clerkCookie = String(login.headers['set-cookie']).split(';')[0];
});
afterAll(() => h.close());

const scoresUrl = (component = 'daily', k = key) => `/api/v1/campaigns/${k}/scores/${component}`;
const put = (scores: unknown, component = 'daily', cookie?: string) =>
  h.inject({ method: 'PUT', url: scoresUrl(component), payload: { scores } as object, headers: { cookie: cookie ?? h.adminCookie } });
const list = async (component = 'daily') => (await h.admin({ method: 'GET', url: scoresUrl(component) })).json();
const history = async (unit: string) => (await h.admin({ method: 'GET', url: `${scoresUrl()}/history/${unit}` })).json();
const upload = (csv: string, dryRun?: boolean, k = key) =>
  h.admin({ method: 'POST', url: `${scoresUrl('daily', k)}/csv${dryRun === undefined ? '' : `?dryRun=${dryRun}`}`, payload: csv, headers: { 'content-type': 'text/csv' } });
const storedEntries = async () => Number((await h.ctx.database.query<{ n: number }>(`select count(*)::int as n from entered_scores`))[0].n);
// Scores are decimal strings; "90" and "90.0000" are the same score.
const num = (s: string | null) => (s === null ? null : Number(s));

describe('entering scores of an entered component', () => {
  it('stores scores and lists every unit, unscored ones empty', async () => {
    const res = await put([{ unit: 'd-fgw-tz', score: 90 }, { unit: 'w-gs', score: '85.25', note: '季度考核' }]);
    expect(res.statusCode).toBe(200);
    const rows = res.json();
    expect(rows.map((r: { unit: string }) => r.unit)).toEqual(EXAMPLE_SPEC.units.map((u: { key: string }) => u.key));
    const byUnit = Object.fromEntries(rows.map((r: { unit: string }) => [r.unit, r]));
    expect(byUnit['d-fgw-tz']).toMatchObject({ unitName: '市发改委投资处', enteredBy: 'admin', entries: 1 });
    expect(num(byUnit['d-fgw-tz'].score)).toBe(90);
    expect(num(byUnit['w-gs'].score)).toBe(85.25);
    expect(byUnit['w-yb']).toEqual({ unit: 'w-yb', unitName: '医保窗口', score: null, enteredAt: null, enteredBy: null, entries: 0 });
  });

  it('keeps every entry: the last one wins, the history lists all with who, newest first', async () => {
    expect((await put([{ unit: 'd-fgw-tz', score: 92.5, note: '复核更正' }], 'daily', clerkCookie)).statusCode).toBe(200);
    expect((await put([{ unit: 'd-fgw-tz', score: '88' }])).statusCode).toBe(200);
    const row = (await list()).find((r: { unit: string }) => r.unit === 'd-fgw-tz');
    expect(row).toMatchObject({ enteredBy: 'admin', entries: 3 });
    expect(num(row.score)).toBe(88);
    const entries = await history('d-fgw-tz');
    expect(entries.map((e: { score: string }) => num(e.score))).toEqual([88, 92.5, 90]);
    expect(entries.map((e: { enteredBy: string }) => e.enteredBy)).toEqual(['admin', 'clerk', 'admin']);
    expect(entries.map((e: { note: string | null }) => e.note)).toEqual([null, '复核更正', null]);
    expect(entries.every((e: { source: string; enteredAt: string }) => e.source === 'api' && !Number.isNaN(Date.parse(e.enteredAt)))).toBe(true);
    expect(await history('w-yb')).toEqual([]);
  });

  it('accepts the edges 0 and 100 and four decimals', async () => {
    const res = await put([{ unit: 'd-zjj-sp', score: 0 }, { unit: 'd-swj-ns', score: '100' }, { unit: 'd-rsj-sb', score: '99.9999' }]);
    expect(res.statusCode).toBe(200);
    const byUnit = Object.fromEntries(res.json().map((r: { unit: string; score: string }) => [r.unit, num(r.score)]));
    expect([byUnit['d-zjj-sp'], byUnit['d-swj-ns'], byUnit['d-rsj-sb']]).toEqual([0, 100, 99.9999]);
  });

  it.each([[100.5], [-1], ['abc'], [90.12345], ['90.12345'], [''], [null]])('refuses the score %j with 400 and stores nothing', async (score) => {
    const before = await storedEntries();
    const res = await put([{ unit: 'w-gjj', score }]);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.details[0].path).toBe('body.scores.0.score');
    expect(await storedEntries()).toBe(before);
  });

  it('refuses an unknown unit with UNIT_UNKNOWN naming it, storing nothing of the request', async () => {
    const before = await storedEntries();
    const res = await put([{ unit: 'w-gjj', score: 70 }, { unit: 'w-ghost', score: 70 }]);
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'UNIT_UNKNOWN', details: [{ path: 'body.scores.1.unit' }] });
    expect(await storedEntries()).toBe(before);
    expect((await h.admin({ method: 'GET', url: `${scoresUrl()}/history/w-ghost` })).json().error).toMatchObject({ code: 'UNIT_UNKNOWN', details: [{ path: 'params.unit' }] });
  });

  it('refuses a ballot-fed component and an unknown one', async () => {
    const ballotFed = await put([{ unit: 'w-gjj', score: 70 }], 'survey');
    expect(ballotFed.statusCode).toBe(409);
    expect(ballotFed.json().error.code).toBe('COMPONENT_NOT_ENTERED');
    expect((await h.admin({ method: 'GET', url: scoresUrl('midyear') })).json().error.code).toBe('COMPONENT_NOT_ENTERED');
    const unknown = await put([{ unit: 'w-gjj', score: 70 }], 'bonus');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('COMPONENT_UNKNOWN');
    expect((await h.inject({ method: 'PUT', url: scoresUrl(), payload: { scores: [{ unit: 'w-gjj', score: 70 }] } })).statusCode).toBe(401);
  });
});

describe('uploading scores as CSV', () => {
  // Current: d-fgw-tz 88, d-zjj-sp 0, d-swj-ns 100, d-rsj-sb 99.9999, w-gs 85.25.
  const CSV = '\ufeffunit,score,note\nd-fgw-tz,88.00,\nd-zjj-sp,75,补录\n\nw-gs,85.25,\nw-gjj,"93.5","窗口, 表扬"\n';

  it('previews the changes with dryRun and stores nothing', async () => {
    const before = await storedEntries();
    const res = await upload(CSV, true);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.applied).toBe(false);
    expect(body.unchanged).toBe(2);
    expect(body.changes.map((c: { unit: string; unitName: string; from: string | null; to: string }) => [c.unit, c.unitName, num(c.from), num(c.to)])).toEqual([
      ['d-zjj-sp', '市住建局审批处', 0, 75],
      ['w-gjj', '公积金窗口', null, 93.5],
    ]);
    expect(await storedEntries()).toBe(before);
  });

  it('stores only the changed rows', async () => {
    const before = await storedEntries();
    const res = await upload(CSV);
    expect(res.json()).toMatchObject({ applied: true, unchanged: 2 });
    expect(await storedEntries()).toBe(before + 2);
    expect((await history('d-fgw-tz')).length).toBe(3);
    expect(await history('w-gjj')).toEqual([expect.objectContaining({ note: '窗口, 表扬', source: 'csv', enteredBy: 'admin' })]);
    expect(num((await history('d-zjj-sp'))[0].score)).toBe(75);
    const again = await upload(CSV);
    expect(again.json()).toEqual({ applied: false, changes: [], unchanged: 4 });
    expect(await storedEntries()).toBe(before + 2);
  });

  it('rejects a file with bad rows as a whole, naming each line', async () => {
    const before = await storedEntries();
    const csv = 'unit,score\nw-yb,80\nw-bdc,101\nw-ghost,70\n\nd-fgw-tz,abc\nw-yb,81\n';
    const res = await upload(csv);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('CSV_INVALID');
    expect(res.json().error.details.map((d: { path: string }) => d.path).sort()).toEqual(['line 3.score', 'line 4.unit', 'line 6.score', 'line 7.unit'].sort());
    expect(await storedEntries()).toBe(before);
    expect((await upload(csv, true)).statusCode).toBe(422);
  });

  it('gives each problem a code and the values the console says it with', async () => {
    const long = `w-${'长'.repeat(60)}`;
    const res = await upload(`unit,score\nw-yb,80\nw-bdc,101\n${long},70\nw-yb,81\n`);
    expect(res.statusCode).toBe(422);
    const details = res.json().error.details as { path: string; code: string; params: Record<string, unknown> }[];
    expect(details).toMatchObject([
      { path: 'line 3.score', code: 'CSV_SCORE_INVALID', params: { line: 3, value: '101' } },
      { path: 'line 4.unit', code: 'CSV_UNIT_UNKNOWN', params: { line: 4, unit: `w-${'长'.repeat(38)}…` }, message: `unknown unit "w-${'长'.repeat(38)}…"` },
      { path: 'line 5.unit', code: 'CSV_UNIT_TWICE', params: { line: 5, unit: 'w-yb', first: 2 } },
    ]);
  });

  it('leaves a unit with no score as it is, as the template writes one, and still names an unknown unit', async () => {
    const before = await history('w-bdc');
    const res = await upload('unit,score,note\nw-yb,77,\nw-bdc,,\n,,\n');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().changes.map((c: { unit: string }) => c.unit)).toEqual(['w-yb']);
    expect(await history('w-bdc')).toEqual(before);
    const bad = await upload('unit,score\nw-ghost,\n,80\n');
    expect([bad.statusCode, bad.json().error.details]).toMatchObject([
      422,
      [
        { code: 'CSV_UNIT_UNKNOWN', params: { line: 2, unit: 'w-ghost' } },
        { code: 'CSV_UNIT_MISSING', params: { line: 3 } },
      ],
    ]);
  });

  // Needs two connections: the second upload is seen waiting for the first's lock (races.ts).
  it.runIf(TWO_CONNECTIONS)('enters a file sent twice at once (a double click) once: the second reads what the first entered', async () => {
    const before = (await history('w-gjj')).length;
    const file = `unit,score\nw-gjj,${60 + (before % 30)}.5\n`;
    // The first is held right after reading the current scores; the second comes meanwhile.
    const [first, second] = await meet(h, holdAfter(scoresRepo, 'latest'), () => upload(file), () => upload(file));
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect([first.json().applied, second.json().applied]).toEqual([true, false]);
    expect(second.json()).toMatchObject({ changes: [], unchanged: 1 });
    expect((await history('w-gjj')).length).toBe(before + 1);
  });

  it('lists the first 200 problems in line order, and says how many more there are', async () => {
    const before = await storedEntries();
    const res = await upload(`unit,score\n${Array.from({ length: 250 }, (_, i) => `x${i},80`).join('\n')}\n`);
    expect(res.statusCode).toBe(422);
    const { message, details } = res.json().error;
    expect(message).toBe('The file has 250 problem(s); nothing was stored');
    expect(details).toHaveLength(201);
    expect(details.slice(0, 200).map((d: { params: { line: number } }) => d.params.line)).toEqual(Array.from({ length: 200 }, (_, i) => i + 2));
    expect(details[200]).toMatchObject({ path: '(file)', code: 'CSV_MORE_PROBLEMS', params: { more: 50 } });
    expect(await storedEntries()).toBe(before);
  });

  it.each([
    ['no header row', 'd-fgw-tz,90\nw-gs,80\n'],
    ['an empty file', ''],
    ['a broken quote', 'unit,score\n"d-fgw-tz,90\n'],
  ])('refuses %s with 400 CSV_INVALID', async (_what, csv) => {
    const before = await storedEntries();
    const res = await upload(csv);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('CSV_INVALID');
    expect(await storedEntries()).toBe(before);
  });
});

describe('a CSV file in the encoding a spreadsheet saved it in', () => {
  const send = (bytes: Buffer) => h.admin({ method: 'POST', url: `${scoresUrl('daily')}/csv`, payload: bytes, headers: { 'content-type': 'text/csv' } });
  it('reads GB18030, as Chinese Excel saves CSV, as it reads UTF-8', async () => {
    // "季度考核" in GB18030; the rest is ASCII either way.
    const gb18030 = Buffer.concat([Buffer.from('unit,score,note\nw-yb,66,'), Buffer.from([0xbc, 0xbe, 0xb6, 0xc8, 0xbf, 0xbc, 0xba, 0xcb]), Buffer.from('\n')]);
    const res = await send(gb18030);
    expect(res.statusCode, res.body).toBe(200);
    expect((await history('w-yb'))[0]).toMatchObject({ note: '季度考核', source: 'csv' });
  });
  it('refuses bytes that are neither, with 400 CSV_INVALID, instead of reading them as U+FFFD', async () => {
    const before = await storedEntries();
    const res = await send(Buffer.concat([Buffer.from('unit,score,note\nw-yb,67,'), Buffer.from([0xff, 0xff, 0xff]), Buffer.from('\n')]));
    expect([res.statusCode, res.json().error.code]).toEqual([400, 'CSV_INVALID']);
    expect(await storedEntries()).toBe(before);
  });
});

describe('vetoes and the ranking', () => {
  // A campaign scored only from entered components, so results need no ballots.
  let office: string;
  const vetoUrl = (unit = '') => `/api/v1/campaigns/${office}/vetoes${unit ? `/${unit}` : ''}`;
  const recompute = async () => (await h.admin({ method: 'POST', url: `/api/v1/campaigns/${office}/results/recompute`, payload: {} })).json().result;

  beforeAll(async () => {
    office = await openCampaign(h, {
      ...EXAMPLE_SPEC,
      key: 'office-2026',
      components: [
        { key: 'daily', name: '日常考评', weight: 70, source: 'entered' },
        { key: 'inspection', name: '明查暗访', weight: 30, source: 'entered' },
      ],
      rules: { ...EXAMPLE_SPEC.rules, minValidRatings: 0 },
    });
    const enter = (component: string, scores: [string, number][]) =>
      h.admin({ method: 'PUT', url: scoresUrl(component, office), payload: { scores: scores.map(([unit, score]) => ({ unit, score })) } });
    await enter('daily', [['d-fgw-tz', 95], ['d-zjj-sp', 90], ['d-swj-ns', 85], ['d-rsj-sb', 80], ['w-gs', 50], ['w-gjj', 100]]);
    await enter('inspection', [['d-fgw-tz', 100], ['d-zjj-sp', 100], ['d-swj-ns', 100], ['d-rsj-sb', 100], ['w-gs', 100], ['w-gjj', 100], ['w-bdc', 90]]);
  });

  it('sets, lists and revokes a veto', async () => {
    const set = await h.admin({ method: 'PUT', url: vetoUrl('d-fgw-tz'), payload: { reason: '发生严重违纪问题' } });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual([{ unit: 'd-fgw-tz', reason: '发生严重违纪问题', setAt: expect.any(String), setBy: 'admin' }]);
    await h.admin({ method: 'PUT', url: vetoUrl('w-gjj'), payload: { reason: '群众投诉查实' } });
    const replaced = await h.admin({ method: 'PUT', url: vetoUrl('w-gjj'), payload: { reason: '群众投诉查实（更正）' } });
    expect(replaced.json().map((v: { unit: string; reason: string }) => [v.unit, v.reason])).toEqual([
      ['d-fgw-tz', '发生严重违纪问题'],
      ['w-gjj', '群众投诉查实（更正）'],
    ]);
    expect((await h.admin({ method: 'DELETE', url: vetoUrl('w-gjj') })).statusCode).toBe(204);
    expect((await h.admin({ method: 'GET', url: vetoUrl() })).json().map((v: { unit: string }) => v.unit)).toEqual(['d-fgw-tz']);
    const gone = await h.admin({ method: 'DELETE', url: vetoUrl('w-gjj') });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe('NOT_FOUND');
    expect((await h.admin({ method: 'DELETE', url: vetoUrl('w-yb') })).statusCode).toBe(404);
    // The error points at the unit in the path, the only place a veto names it.
    for (const method of ['PUT', 'DELETE'] as const) {
      const res = await h.admin({ method, url: vetoUrl('w-ghost'), payload: method === 'PUT' ? { reason: 'x' } : undefined });
      expect(res.statusCode).toBe(422);
      expect(res.json().error).toMatchObject({ code: 'UNIT_UNKNOWN', details: [{ path: 'params.unit', message: 'unknown unit "w-ghost"' }] });
    }
    expect((await h.admin({ method: 'PUT', url: vetoUrl('w-yb'), payload: { reason: '  ' } })).statusCode).toBe(400);
    expect((await h.inject({ method: 'PUT', url: vetoUrl('w-yb'), payload: { reason: 'x' } })).statusCode).toBe(401);
  });

  it('places a vetoed unit last in its category, red, whatever its score', async () => {
    const result = await recompute();
    const divisions = result.categories.find((c: { key: string }) => c.key === 'divisions');
    expect(divisions.ranked).toEqual(['d-zjj-sp', 'd-swj-ns', 'd-rsj-sb', 'd-fgw-tz']);
    const unit = (k: string) => result.units.find((u: { key: string }) => u.key === k);
    expect(unit('d-fgw-tz')).toMatchObject({ composite: '96.50', rank: 4, warning: 'red', vetoed: true, vetoReason: '发生严重违纪问题', inTop: false, inBottom: true });
    expect(['d-zjj-sp', 'd-swj-ns', 'd-rsj-sb'].map((k) => [unit(k).composite, unit(k).rank, unit(k).warning])).toEqual([
      ['93.00', 1, 'green'],
      ['89.50', 2, 'green'],
      ['86.00', 3, 'green'],
    ]);
    const windows = result.categories.find((c: { key: string }) => c.key === 'windows');
    expect(windows).toMatchObject({ ranked: ['w-gjj', 'w-gs'], insufficient: ['w-bdc', 'w-yb'] });
    expect(unit('w-gs')).toMatchObject({ composite: '65.00', warning: 'red', vetoed: false });
    expect(unit('w-bdc').insufficientReasons).toEqual([{ component: 'daily', reason: 'score-missing' }]);

    await h.admin({ method: 'DELETE', url: vetoUrl('d-fgw-tz') });
    const after = await recompute();
    expect(after.categories.find((c: { key: string }) => c.key === 'divisions').ranked).toEqual(['d-fgw-tz', 'd-zjj-sp', 'd-swj-ns', 'd-rsj-sb']);
    expect(after.units.find((u: { key: string }) => u.key === 'd-fgw-tz')).toMatchObject({ rank: 1, warning: 'green', vetoed: false });
  });
});
