import { afterAll, beforeAll, expect, it } from 'vitest';
import { ballotFor, createHarness, drained, issueCodes, openCampaign, type Harness } from './harness.js';
import { UNITS } from '../fixtures/units.js';

let h: Harness;
let key: string;
beforeAll(async () => {
  h = await createHarness();
  key = await openCampaign(h);
  const { codes } = await issueCodes(h, key, 'survey', 'deputies', 2);
  for (const c of codes) await h.inject({ method: 'POST', url: `/api/v1/vote/${c}`, payload: ballotFor(UNITS, (i) => ['satisfied', 'basically', 'unknown'][i % 3]), remoteAddress: `10.7.0.${c.length}` });
  await h.admin({ method: 'POST', url: `/api/v1/campaigns/${key}/status`, payload: { status: 'closed' } });
});
afterAll(() => h.close());

it('will not publish while ballots are still being checked', async () => {
  const res = await h.admin({ method: 'POST', url: `/api/v1/campaigns/${key}/results/publish` });
  expect(res.statusCode).toBe(409);
  expect(res.json().error.code).toBe('RESULTS_NOT_READY');
  expect((await h.inject({ method: 'GET', url: '/api/v1/public/campaigns' })).json()).toEqual([]);
});

it('lists published campaigns publicly and offers the inputs as CSV', async () => {
  await h.startWorker();
  await drained(h);
  expect((await h.admin({ method: 'POST', url: `/api/v1/campaigns/${key}/results/publish` })).statusCode).toBe(201);
  const list = (await h.inject({ method: 'GET', url: '/api/v1/public/campaigns' })).json();
  expect(list).toMatchObject([{ key, year: 2026, version: 1, series: 'wanrenping' }]);

  const csv = await h.inject({ method: 'GET', url: `/api/v1/public/campaigns/${key}/open-data.csv` });
  expect(csv.statusCode).toBe(200);
  const lines = csv.body.replace(/^\ufeff/, '').trim().split('\n').map((l) => l.split(','));
  // One header row, each cell "key 中文": a program keys columns by the word before the space.
  const keys = lines[0].map((h) => h.split(' ')[0]);
  expect(keys).toEqual(['kind', 'questionnaire', 'questionnaire_name', 'component', 'component_name', 'unit', 'unit_name', 'category', 'category_name', 'group', 'group_name', 'option_or_problem', 'option_or_problem_name', 'value']);
  expect(lines[0]).toContain('unit_name 被评对象名称');
  expect(lines[0]).toContain('category_name 类别名称');
  const rows = lines.slice(1).map((l) => Object.fromEntries(keys.map((k, i) => [k, l[i]])));
  const ratings = rows.filter((r) => r.kind === 'rating-count');
  // 2 ballots × 8 units, every rating counted (不了解 included: it is a count too, it just has no points).
  expect(ratings.reduce((s, r) => s + Number(r.value), 0)).toBe(16);
  // Each with its names and the unit's category beside the keys.
  expect(ratings.find((r) => r.unit === 'w-bdc')).toMatchObject({
    questionnaire: 'survey', questionnaire_name: '社会满意度调查问卷', unit_name: '不动产登记窗口', category: 'windows', category_name: '服务窗口', group: 'deputies', group_name: '人大代表、政协委员',
  });
  expect(ratings.find((r) => r.option_or_problem === 'satisfied')?.option_or_problem_name).toBe('满意');
  expect(rows.filter((r) => r.kind === 'component-weight').map((r) => [r.component, r.component_name, r.value])).toEqual([['daily', '日常考评', '30'], ['midyear', '年中汇报测评', '20'], ['inquiry', '质询评议', '25'], ['survey', '社会调查', '25']]);
  expect(rows).toContainEqual(expect.objectContaining({ kind: 'option-points', questionnaire: 'satisfaction', option_or_problem: 'unknown', option_or_problem_name: '不了解', value: 'null' }));
  expect(rows).toContainEqual(expect.objectContaining({ kind: 'rule', option_or_problem: 'decimals', option_or_problem_name: '得分保留小数位数', value: '2' }));
  expect((await h.inject({ method: 'GET', url: '/api/v1/public/campaigns/nope/open-data.csv' })).json().error.code).toBe('CAMPAIGN_NOT_FOUND');
});

it('publishes no fraud thresholds: they play no part in the arithmetic', async () => {
  const data = (await h.inject({ method: 'GET', url: `/api/v1/public/campaigns/${key}/open-data.json` })).json();
  expect(data.inputs.spec.rules).toEqual({ minValidRatings: 30, warnings: { red: 70, yellow: 80 }, decimals: 2 });
});
