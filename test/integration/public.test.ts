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
  const rows = csv.body.replace(/^\ufeff/, '').trim().split('\n').map((l) => l.split(','));
  expect(rows[0]).toEqual(['kind', 'questionnaire', 'component', 'unit', 'group', 'option_or_problem', 'value', 'weight']);
  const ratings = rows.filter((r) => r[0] === 'rating-count');
  // 2 ballots × 8 units, every rating counted (不了解 included: it is a count too, it just has no points).
  expect(ratings.reduce((s, r) => s + Number(r[6]), 0)).toBe(16);
  expect(rows.filter((r) => r[0] === 'component-weight').map((r) => [r[2], r[6]])).toEqual([['daily', '30'], ['midyear', '20'], ['inquiry', '25'], ['survey', '25']]);
  expect(rows).toContainEqual(['option-points', 'satisfaction', '', '', '', 'unknown', 'null', '']);
  expect((await h.inject({ method: 'GET', url: '/api/v1/public/campaigns/nope/open-data.csv' })).json().error.code).toBe('CAMPAIGN_NOT_FOUND');
});

it('publishes no fraud thresholds: they play no part in the arithmetic', async () => {
  const data = (await h.inject({ method: 'GET', url: `/api/v1/public/campaigns/${key}/open-data.json` })).json();
  expect(data.inputs.spec.rules).toEqual({ minValidRatings: 30, warnings: { red: 70, yellow: 80 }, decimals: 2 });
});
