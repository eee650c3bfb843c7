import { afterAll, beforeAll, expect, it } from 'vitest';
import { ballotFor, createHarness, drained, EXAMPLE_SPEC, issueCodes, openCampaign, type Harness } from './harness.js';
import { UNITS } from '../fixtures/units.js';
import { loadConfig } from '../../server/src/config.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.startWorker();
});
afterAll(() => h.close());

it('shows live progress: ballots by questionnaire and group, flagged, codes used, queue', async () => {
  const key = await openCampaign(h);
  const { codes } = await issueCodes(h, key, 'survey', 'citizens', 5);
  const { codes: ent } = await issueCodes(h, key, 'inquiry', 'enterprises', 3);
  for (const c of codes.slice(0, 3)) await h.inject({ method: 'POST', url: `/api/v1/vote/${c}`, payload: ballotFor(UNITS, (i) => (i % 2 ? 'satisfied' : 'basically')), remoteAddress: `10.0.0.${c.charCodeAt(0)}` });
  await h.inject({ method: 'POST', url: `/api/v1/vote/${ent[0]}`, payload: ballotFor(UNITS, (i) => (i % 2 ? 'satisfied' : 'basically'), { answeringMs: 500 }) });
  await drained(h);
  const res = await h.admin({ method: 'GET', url: `/api/v1/campaigns/${key}/progress` });
  expect(res.statusCode).toBe(200);
  const p = res.json();
  expect(p).toMatchObject({ ballots: 4, processed: 4, counted: 3, flagged: 1, voided: 0, codes: { issued: 8, used: 4, voided: 0 } });
  expect(p.byQuestionnaire).toEqual([
    { questionnaire: 'inquiry', group: 'enterprises', ballots: 1, flagged: 1, codesIssued: 3 },
    { questionnaire: 'survey', group: 'citizens', ballots: 3, flagged: 0, codesIssued: 5 },
  ]);
  expect(p.byHour.reduce((s: number, x: { ballots: number }) => s + x.ballots, 0)).toBe(4);
  expect(p.byHour[0].hour).toMatch(/^\d{4}-\d\d-\d\dT\d\d:00$/);
  expect((await h.inject({ method: 'GET', url: `/api/v1/campaigns/${key}/progress` })).statusCode).toBe(401);
  expect((await h.admin({ method: 'GET', url: '/api/v1/campaigns/nope/progress' })).json().error.code).toBe('CAMPAIGN_NOT_FOUND');
});

it('traces each unit across the campaigns of a series', async () => {
  const next = { ...EXAMPLE_SPEC, key: 'nantong-2027', year: 2027, phases: EXAMPLE_SPEC.phases.map((p: { start: string; end: string }) => ({ ...p, start: p.start.replace('2026', '2027'), end: p.end.replace('2026', '2027') })) };
  await openCampaign(h, next);
  await h.admin({ method: 'POST', url: '/api/v1/campaigns/nantong-2026/results/recompute', payload: {} });
  await h.admin({ method: 'POST', url: '/api/v1/campaigns/nantong-2027/results/recompute', payload: {} });
  const res = await h.admin({ method: 'GET', url: '/api/v1/series/wanrenping/trend?unit=w-gs' });
  expect(res.statusCode).toBe(200);
  const t = res.json();
  expect(t.campaigns.map((c: { key: string }) => c.key)).toEqual(['nantong-2026', 'nantong-2027']);
  expect(t.units).toHaveLength(1);
  // Too few ratings for a composite (minValidRatings 30), so the points carry no composite but exist.
  expect(t.units[0].points).toEqual([
    { campaign: 'nantong-2026', composite: null, rank: null, warning: null, inBottom: false, consecutiveBottom: 0 },
    { campaign: 'nantong-2027', composite: null, rank: null, warning: null, inBottom: false, consecutiveBottom: 0 },
  ]);
  expect((await h.admin({ method: 'GET', url: '/api/v1/series/wanrenping/trend?unit=nope' })).json().error.code).toBe('UNIT_UNKNOWN');
  expect((await h.admin({ method: 'GET', url: '/api/v1/series/nope/trend' })).statusCode).toBe(404);
});

it('tells the pages the public address of vote links, and counts slips per questionnaire', async () => {
  expect((await h.inject({ method: 'GET', url: '/api/v1/settings' })).json()).toEqual({ publicUrl: 'http://vote.example.test' });
  // None configured: null, not the server's guess at localhost (the console then says it uses its own address).
  expect(loadConfig({ PUBLIC_URL: '', PORT: '3000' })).toMatchObject({ publicUrl: 'http://localhost:3000', publicUrlSet: false });
  expect(loadConfig({ PUBLIC_URL: 'https://pj.example.gov.cn/' })).toMatchObject({ publicUrl: 'https://pj.example.gov.cn', publicUrlSet: true });
  h.ctx.config.publicUrlSet = false;
  try {
    expect((await h.inject({ method: 'GET', url: '/api/v1/settings' })).json()).toEqual({ publicUrl: null });
  } finally {
    h.ctx.config.publicUrlSet = true;
  }
  const p = (await h.admin({ method: 'GET', url: '/api/v1/campaigns/nantong-2026/progress' })).json();
  expect(p.byQuestionnaire.map((r: { questionnaire: string; codesIssued: number }) => [r.questionnaire, r.codesIssued])).toEqual([['inquiry', 3], ['survey', 5]]);
  const flagged = (await h.admin({ method: 'GET', url: '/api/v1/campaigns/nantong-2026/ballots?flag=too-fast' })).json();
  expect(flagged).toMatchObject({ total: 1, ballots: [{ flags: ['too-fast'] }] });
  expect((await h.admin({ method: 'GET', url: '/api/v1/campaigns/nantong-2026/ballots?flag=burst' })).json().total).toBe(0);
  const results = (await h.admin({ method: 'GET', url: '/api/v1/campaigns/nantong-2026/results' })).json();
  expect(results.published).toEqual([]);
});
