import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_SPEC, ballotFor, createHarness, issueCodes, type Harness } from './harness.js';

type Spec = typeof EXAMPLE_SPEC;
const KEY = EXAMPLE_SPEC.key as string;
let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const clone = (): Spec => structuredClone(EXAMPLE_SPEC);
const importSpec = (spec: unknown) => h.admin({ method: 'POST', url: '/api/v1/campaigns/import', payload: spec as object });
const exportSpec = (key = KEY) => h.admin({ method: 'GET', url: `/api/v1/campaigns/${key}/spec` });
const setStatus = (status: string, key = KEY) => h.admin({ method: 'POST', url: `/api/v1/campaigns/${key}/status`, payload: { status } });
const campaignRows = async () => (await h.ctx.database.query<{ key: string }>(`select key from campaigns order by id`)).map((r) => r.key);

// Each invalid file, and the path its error must name.
const INVALID: [string, (s: Spec) => void, string][] = [
  ['a duplicate unit key', (s) => (s.units[3].key = s.units[1].key), 'units[3].key'],
  ['an unknown category reference', (s) => (s.units[5].category = 'kitchens'), 'units[5].category'],
  ['an unknown scale', (s) => (s.questionnaires[1].scale = 'stars'), 'questionnaires[1].scale'],
  ['an unknown questionnaire in a component', (s) => (s.components[2].questionnaire = 'hearing'), 'components[2].questionnaire'],
  ['component weights adding up to 99', (s) => (s.components[0].weight = 29), 'components'],
  ['a scale with one scored option', (s) => (s.scales[0].options = [s.scales[0].options[0], s.scales[0].options[3]]), 'scales[0].options'],
  ['two 不了解 options', (s) => (s.scales[1].options[2].points = null), 'scales[1].options'],
  ['a key breaking the pattern', (s) => (s.groups[1].key = 'Enterprises_2'), 'groups[1].key'],
  ['a campaign key breaking the pattern', (s) => (s.key = '-nantong'), 'key'],
  ['a phase ending before it starts', (s) => (s.phases[2].end = '2026-06-30'), 'phases[2].end'],
  ['specVersion 2', (s) => (s.specVersion = 2), 'specVersion'],
  ['a missing field', (s) => delete (s.rules as Record<string, unknown>).minValidRatings, 'rules.minValidRatings'],
  ['an unknown field', (s) => ((s.units[2] as Record<string, unknown>).colour = 'red'), 'units[2].colour'],
  ['an unknown top-level field', (s) => ((s as Record<string, unknown>).budget = 1000), 'budget'],
];

describe('importing a campaign file', () => {
  it.each(INVALID)('refuses %s with SPEC_INVALID naming the path, storing nothing', async (_what, mutate, path) => {
    const spec = clone();
    mutate(spec);
    const res = await importSpec(spec);
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.error.code).toBe('SPEC_INVALID');
    expect(body.requestId).toBeTruthy();
    expect(body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    const validated = await h.admin({ method: 'POST', url: '/api/v1/campaigns/validate', payload: spec });
    expect(validated.statusCode).toBe(422);
    expect(await campaignRows()).toEqual([]);
    expect((await h.admin({ method: 'GET', url: '/api/v1/campaigns' })).json()).toEqual([]);
  });

  it('refuses a body that is not an object', async () => {
    const res = await importSpec([1, 2, 3]);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details[0].path).toBe('(root)');
    expect(await campaignRows()).toEqual([]);
  });

  it('lists every problem of a file in one answer, each with a stable code and its parameters', async () => {
    const spec = clone();
    spec.units[3].key = spec.units[1].key; // across fields: a duplicate key
    spec.components[0].weight = 29; // across fields: weights adding up to 99
    (spec.groups[1] as { weight: number }).weight = 0; // the schema: not above 0
    (spec.units[2] as Record<string, unknown>).colour = 'red'; // the schema: an unknown field
    delete (spec.rules as Record<string, unknown>).decimals; // the schema: missing
    const res = await h.admin({ method: 'POST', url: '/api/v1/campaigns/validate', payload: spec });
    expect(res.statusCode).toBe(422);
    const { error } = res.json();
    expect(error.code).toBe('SPEC_INVALID');
    expect(error.message).toBe('The campaign file has 5 problem(s)');
    expect(error.details).toEqual([
      { path: 'units[2].colour', code: 'UNKNOWN_FIELD', params: { field: 'colour' }, message: 'unknown field "colour"' },
      { path: 'units[3].key', code: 'DUPLICATE_KEY', params: { key: spec.units[1].key, first: 'units[1]' }, message: `duplicate key "${spec.units[1].key}" (first at units[1])` },
      { path: 'groups[1].weight', code: 'NUMBER_NOT_ABOVE', params: { minimum: 0 }, message: 'must be more than 0' },
      { path: 'components', code: 'WEIGHTS_NOT_100', params: { total: 99 }, message: 'component weights add up to 99, not 100' },
      { path: 'rules.decimals', code: 'REQUIRED', params: {}, message: 'required field is missing' },
    ]);
  });

  it('answers a file that is not JSON with where it breaks, not with the parser’s sentence', async () => {
    const text = JSON.stringify(EXAMPLE_SPEC, null, 2).replace('"year": 2026,', '"year": 2026,,');
    const line = text.split('\n').findIndex((l) => l.includes('2026,,')) + 1;
    for (const url of ['/api/v1/campaigns/validate', '/api/v1/campaigns/import']) {
      const res = await h.admin({ method: 'POST', url, payload: text, headers: { 'content-type': 'application/json' } });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({
        code: 'MALFORMED_JSON',
        details: [{ path: '(root)', code: 'JSON_INVALID', params: { line, column: 16, found: ',' }, message: `not valid JSON: unexpected character , at line ${line}, column 16` }],
      });
    }
    // An empty body stays the plain refusal; any other route keeps the plain refusal too.
    const empty = await h.admin({ method: 'POST', url: '/api/v1/campaigns/validate', payload: '', headers: { 'content-type': 'application/json' } });
    expect(empty.json().error).toMatchObject({ code: 'MALFORMED_JSON' });
    expect(await campaignRows()).toEqual([]);
  });

  it('validates the example without storing it', async () => {
    const res = await h.admin({ method: 'POST', url: '/api/v1/campaigns/validate', payload: EXAMPLE_SPEC });
    expect(res.json()).toEqual({ ok: true });
    expect(await campaignRows()).toEqual([]);
  });

  it('creates the example with 201, then updates it with 200', async () => {
    const first = await importSpec(EXAMPLE_SPEC);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      created: true,
      campaign: { key: KEY, series: 'wanrenping', name: EXAMPLE_SPEC.name, year: 2026, status: 'draft', firstPhaseStart: '2026-04-01', ballots: 0, frozen: false },
    });
    expect(first.json().campaign.phases.map((p: { key: string }) => p.key)).toEqual(['mobilize', 'daily', 'midyear', 'inquiry', 'survey', 'results']);
    const again = await importSpec(EXAMPLE_SPEC);
    expect(again.statusCode).toBe(200);
    expect(again.json().created).toBe(false);
    expect(await campaignRows()).toEqual([KEY]);
  });

  it('exports the file byte for byte as it was imported, and the export imports unchanged', async () => {
    const res = await exportSpec();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${KEY}.json"`);
    expect(res.body).toBe(JSON.stringify(EXAMPLE_SPEC, null, 2));
    const reimport = await importSpec(JSON.parse(res.body));
    expect(reimport.statusCode).toBe(200);
    expect((await exportSpec()).body).toBe(res.body);
  });

  it('leaves the stored version unchanged when an update is invalid', async () => {
    const before = (await h.admin({ method: 'GET', url: `/api/v1/campaigns/${KEY}` })).json();
    const spec = clone();
    spec.name = '改过的名字';
    spec.components[0].weight = 50;
    const res = await importSpec(spec);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details).toEqual([{ path: 'components', code: 'WEIGHTS_NOT_100', params: { total: 120 }, message: expect.stringContaining('120') }]);
    expect((await exportSpec()).body).toBe(JSON.stringify(EXAMPLE_SPEC, null, 2));
    expect((await h.admin({ method: 'GET', url: `/api/v1/campaigns/${KEY}` })).json()).toEqual(before);
  });
});

describe('reading and changing a campaign', () => {
  it('lists and gets campaigns for a logged-in user only', async () => {
    const list = await h.admin({ method: 'GET', url: '/api/v1/campaigns' });
    expect(list.json().map((c: { key: string }) => c.key)).toEqual([KEY]);
    expect((await h.inject({ method: 'GET', url: '/api/v1/campaigns' })).statusCode).toBe(401);
    const anon = await h.inject({ method: 'GET', url: `/api/v1/campaigns/${KEY}/spec` });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().error.code).toBe('UNAUTHENTICATED');
    expect((await h.inject({ method: 'POST', url: '/api/v1/campaigns/import', payload: EXAMPLE_SPEC })).statusCode).toBe(401);
  });

  it('answers 404 CAMPAIGN_NOT_FOUND for an unknown key and 400 for a key that cannot exist', async () => {
    for (const url of ['/api/v1/campaigns/nowhere-2026', '/api/v1/campaigns/nowhere-2026/spec']) {
      const res = await h.admin({ method: 'GET', url });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('CAMPAIGN_NOT_FOUND');
    }
    expect((await setStatus('open', 'nowhere-2026')).json().error.code).toBe('CAMPAIGN_NOT_FOUND');
    const bad = await h.admin({ method: 'GET', url: '/api/v1/campaigns/Nantong_2026' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'params.key' }] });
  });

  it('changes the name and theme with PATCH, and the export carries them', async () => {
    const res = await h.admin({ method: 'PATCH', url: `/api/v1/campaigns/${KEY}`, payload: { name: '2026年度万人评机关', theme: '作风建设年' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: '2026年度万人评机关', theme: '作风建设年' });
    const exported = JSON.parse((await exportSpec()).body);
    expect(exported).toEqual({ ...EXAMPLE_SPEC, name: '2026年度万人评机关', theme: '作风建设年' });
    expect((await h.admin({ method: 'PATCH', url: `/api/v1/campaigns/${KEY}`, payload: { name: '  ' } })).json().error.code).toBe('VALIDATION_FAILED');
    expect((await h.admin({ method: 'PATCH', url: `/api/v1/campaigns/${KEY}`, payload: { year: 2030 } })).statusCode).toBe(400);
    expect((await h.inject({ method: 'PATCH', url: `/api/v1/campaigns/${KEY}`, payload: { name: 'x' } })).statusCode).toBe(401);
    await importSpec(EXAMPLE_SPEC); // back to the file
  });

  it('moves through the allowed statuses only', async () => {
    const closed = await setStatus('closed');
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error.code).toBe('INVALID_STATUS_TRANSITION');
    const published = await setStatus('published');
    expect(published.statusCode).toBe(409);
    expect(published.json().error.code).toBe('INVALID_STATUS_TRANSITION');
    expect((await setStatus('archived')).statusCode).toBe(400);
    const opened = await setStatus('open');
    expect(opened.statusCode).toBe(200);
    expect(opened.json().status).toBe('open');
    expect((await setStatus('open')).json().error.code).toBe('INVALID_STATUS_TRANSITION');
    expect((await setStatus('closed')).json().status).toBe('closed');
    expect((await setStatus('open')).json().status).toBe('open');
    expect((await h.admin({ method: 'GET', url: `/api/v1/campaigns/${KEY}` })).json().status).toBe('open');
  });
});

describe('after the first ballot', () => {
  beforeAll(async () => {
    const { codes } = await issueCodes(h, KEY, 'survey', 'citizens', 2);
    const res = await h.inject({ method: 'POST', url: `/api/v1/vote/${codes[0]}`, payload: ballotFor(['w-gs', 'w-yb'], 'satisfied') });
    expect(res.statusCode).toBe(201);
  });

  it('shows the campaign as frozen', async () => {
    expect((await h.admin({ method: 'GET', url: `/api/v1/campaigns/${KEY}` })).json()).toMatchObject({ ballots: 1, frozen: true });
  });

  it.each([
    ['a weight', (s: Spec) => ((s.components[0].weight = 35), (s.components[1].weight = 15))],
    ['a unit moved to another category', (s: Spec) => (s.units[0].category = 'windows')],
    ['a scale point', (s: Spec) => (s.scales[0].options[1].points = 85)],
    ['a new unit', (s: Spec) => s.units.push({ key: 'w-new', name: '新窗口', category: 'windows' })],
  ])('refuses a structural change (%s) with CAMPAIGN_FROZEN and keeps the file', async (_what, mutate) => {
    const spec = clone();
    mutate(spec);
    const res = await importSpec(spec);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('CAMPAIGN_FROZEN');
    expect((await exportSpec()).body).toBe(JSON.stringify(EXAMPLE_SPEC, null, 2));
  });

  it('still accepts the same file, and changed names and texts', async () => {
    expect((await importSpec(EXAMPLE_SPEC)).statusCode).toBe(200);
    const spec = clone();
    spec.questionnaires[0].intro = '请对各单位年中汇报情况进行测评。';
    spec.name = '2026年度“万人评机关”民主评议（修订）';
    spec.units[0].name = '市发展改革委投资处';
    spec.questionnaires[2].title = '社会满意度调查';
    spec.scales[0].options[1].label = '比较满意';
    const res = await importSpec(spec);
    expect(res.statusCode).toBe(200);
    expect(res.json().campaign).toMatchObject({ name: spec.name, status: 'open', ballots: 1 });
    expect(JSON.parse((await exportSpec()).body)).toEqual(spec);
    const [unit] = await h.ctx.database.query<{ name: string }>(`select name from units where key = 'd-fgw-tz'`);
    expect(unit.name).toBe('市发展改革委投资处');
  });
});

describe('units, categories and groups across the campaigns of a series', () => {
  it('keeps one row per key with the latest name', async () => {
    const next = clone();
    next.key = 'nantong-2027';
    next.year = 2027;
    next.name = '2027年度“万人评机关”民主评议';
    next.phases = next.phases.map((p: { start: string; end: string }) => ({ ...p, start: p.start.replace('2026', '2027'), end: p.end.replace('2026', '2027') }));
    next.units[1].name = '市住房和城乡建设局审批处';
    next.units.push({ key: 'w-hk', name: '户籍窗口', category: 'windows' });
    next.categories[1].name = '政务服务窗口';
    next.groups[2].name = '人大代表';
    expect((await importSpec(next)).statusCode).toBe(201);

    const units = await h.ctx.database.query<{ key: string; name: string; n: number }>(
      `select key, name, count(*) over (partition by key)::int as n from units order by key`,
    );
    expect(units.map((u) => u.key)).toEqual([...next.units.map((u: { key: string }) => u.key)].sort());
    expect(units.every((u) => u.n === 1)).toBe(true);
    const byKey = Object.fromEntries(units.map((u) => [u.key, u.name]));
    expect(byKey['d-zjj-sp']).toBe('市住房和城乡建设局审批处');
    // Renamed by the text-only update of 2026, then named again by the 2027 file: the latest import wins.
    expect(byKey['d-fgw-tz']).toBe('市发改委投资处');
    expect(byKey['w-hk']).toBe('户籍窗口');
    const categories = await h.ctx.database.query<{ key: string; name: string }>(`select key, name from categories order by key`);
    expect(categories).toEqual([{ key: 'divisions', name: '机关处室' }, { key: 'windows', name: '政务服务窗口' }]);
    const groups = await h.ctx.database.query<{ key: string; name: string }>(`select key, name from respondent_groups order by key`);
    expect(groups).toEqual([{ key: 'citizens', name: '办事群众' }, { key: 'deputies', name: '人大代表' }, { key: 'enterprises', name: '企业代表' }]);

    const list = (await h.admin({ method: 'GET', url: '/api/v1/campaigns' })).json();
    expect(list.map((c: { key: string; series: string }) => [c.key, c.series])).toEqual([[KEY, 'wanrenping'], ['nantong-2027', 'wanrenping']]);
  });
});
