import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ballotFor, createHarness, drained, EXAMPLE_SPEC, issueCodes, openCampaign, type Harness } from './harness.js';
import { UNITS } from '../fixtures/units.js';

// Every component entered except the survey, one rating enough: a table small enough to check by hand.
const SPEC = {
  ...EXAMPLE_SPEC,
  key: 'export-2026',
  components: EXAMPLE_SPEC.components.map((c: { key: string; name: string; weight: number }) =>
    c.key === 'survey' ? c : { key: c.key, name: c.name, weight: c.weight, source: 'entered' },
  ),
  rules: { ...EXAMPLE_SPEC.rules, minValidRatings: 1 },
};
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.startWorker();
  const key = await openCampaign(h, SPEC);
  const { codes } = await issueCodes(h, key, 'survey', 'citizens', 1);
  // 满意 (100) for the divisions, 不满意 (40) for the windows.
  await h.inject({ method: 'POST', url: `/api/v1/vote/${codes[0]}`, payload: ballotFor(UNITS, (i) => (i < 4 ? 'satisfied' : 'dissatisfied')) });
  await drained(h);
  for (const component of ['daily', 'midyear', 'inquiry']) {
    await h.admin({ method: 'PUT', url: `/api/v1/campaigns/${key}/scores/${component}`, payload: { scores: UNITS.map((unit, i) => ({ unit, score: 90 - i })) } });
  }
  await h.admin({ method: 'PUT', url: `/api/v1/campaigns/${key}/vetoes/w-gs`, payload: { reason: '违纪' } });
  await h.admin({ method: 'POST', url: `/api/v1/campaigns/${key}/results/recompute`, payload: {} });
});
afterAll(() => h.close());

it('exports the rankings as CSV in rank order with every component', async () => {
  const res = await h.admin({ method: 'GET', url: '/api/v1/campaigns/export-2026/results/export?format=csv&lang=en&category=windows' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-disposition']).toContain('export-2026-rankings-windows.csv');
  const lines = res.body.replace(/^\ufeff/, '').trim().split('\n');
  expect(lines[0]).toBe('Category,Rank,Unit,Composite,日常考评 (30%),年中汇报测评 (20%),质询评议 (25%),社会调查 (25%),社会调查 valid ratings,Warning,Mark,Consecutive bottom,Note');
  // w-gjj: entered 85 in all three, survey 40 → (30·85 + 20·85 + 25·85 + 25·40)/100 = 73.75
  expect(lines[1]).toBe('服务窗口,1,公积金窗口,73.75,85.00,85.00,85.00,40.00,1,Yellow warning,Top,0,');
  // The vetoed unit comes last and is red whatever its score.
  expect(lines[4]).toMatch(/^服务窗口,4,市场监管窗口,74\.50,/);
  expect(lines[4]).toContain('veto: 违纪');
  expect(lines).toHaveLength(5);
});

it('words warnings and marks in Chinese by default, as the console and the public page do', async () => {
  const res = await h.admin({ method: 'GET', url: '/api/v1/campaigns/export-2026/results/export?format=csv&category=windows' });
  const lines = res.body.replace(/^\ufeff/, '').trim().split('\n');
  expect(lines[0]).toMatch(/^类别,名次,被评对象,综合得分,/);
  expect(lines[1]).toBe('服务窗口,1,公积金窗口,73.75,85.00,85.00,85.00,40.00,1,黄色预警,前列,0,');
  expect(lines[4]).toContain('红色预警');
});

it('exports XLSX with a sheet per category, scores as numbers', async () => {
  const res = await h.admin({ method: 'GET', url: '/api/v1/campaigns/export-2026/results/export' });
  expect(res.statusCode).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  expect(book.worksheets.map((w) => w.name)).toEqual(['机关处室', '服务窗口']);
  const ws = book.getWorksheet('机关处室')!;
  expect(ws.getRow(2).getCell(1).value).toBe('名次');
  // d-fgw-tz: 90 entered ×3 and survey 100 → 92.5
  expect(ws.getRow(3).values).toEqual(expect.arrayContaining([1, '市发改委投资处', 92.5]));
  // Shown with the campaign's two decimals (92.50, as published), still a number to sort and sum.
  const composite = ws.getRow(3).getCell(3);
  expect(composite.value).toBe(92.5);
  expect(composite.numFmt).toBe('0.00');
  // Every component score too; the count of ratings and the rank stay whole numbers.
  expect([4, 5, 6, 7].map((c) => ws.getRow(3).getCell(c).numFmt)).toEqual(['0.00', '0.00', '0.00', '0.00']);
  expect(ws.getRow(3).getCell(8).value).toBe(1);
  expect(ws.getRow(3).getCell(8).numFmt).toBeUndefined();
  expect(ws.getRow(3).getCell(1).numFmt).toBeUndefined();
});

it('says what is wrong with a bad export request', async () => {
  expect((await h.admin({ method: 'GET', url: '/api/v1/campaigns/export-2026/results/export?format=pdf' })).json().error.code).toBe('VALIDATION_FAILED');
  expect((await h.admin({ method: 'GET', url: '/api/v1/campaigns/export-2026/results/export?category=nope' })).statusCode).toBe(404);
  expect((await h.admin({ method: 'GET', url: '/api/v1/campaigns/export-2026/results/export?version=3' })).json().error.code).toBe('NOT_PUBLISHED');
  expect((await h.inject({ method: 'GET', url: '/api/v1/campaigns/export-2026/results/export' })).statusCode).toBe(401);
});

it('names each sheet as Excel allows, whatever the categories are called', async () => {
  // A category called 镇/街道 made the XLSX a 500: `/` is not allowed in a sheet name, nor is "History".
  const names = ['镇/街道', 'History'];
  const spec = { ...SPEC, key: 'export-names', categories: SPEC.categories.map((c: { name: string }, i: number) => ({ ...c, name: names[i] })) };
  const key = await openCampaign(h, spec);
  expect((await h.admin({ method: 'POST', url: `/api/v1/campaigns/${key}/results/recompute`, payload: {} })).statusCode).toBe(200);
  const res = await h.admin({ method: 'GET', url: `/api/v1/campaigns/${key}/results/export` });
  expect(res.statusCode).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  expect(book.worksheets.map((w) => w.name)).toEqual(['镇_街道', 'History_']);
  // The CSV keeps the names as the office wrote them.
  const csv = await h.admin({ method: 'GET', url: `/api/v1/campaigns/${key}/results/export?format=csv` });
  expect(csv.body).toContain('\n镇/街道,');
});
