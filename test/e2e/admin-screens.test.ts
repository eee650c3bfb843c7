// Screenshots of every console page, phone (390×844) and desktop (1280×800),
// Chinese and English, into docs/screenshots/admin-<page>-<view>-<lang>.png.
// The data is seeded through the API as an office would have it mid-campaign:
// codes issued, ballots in (a few flagged), daily scores entered, one veto, and
// last year's campaign published.
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ballotFor, drained, EXAMPLE_SPEC, issueCodes, openCampaign } from '../integration/harness.js';
import { LANGS, VIEWS, openSite, settled, shot, type Site } from './browser.js';
import { UNITS } from '../fixtures/units.js';

const OPTIONS = ['satisfied', 'basically', 'satisfied', 'dissatisfied', 'unknown'];
const KEY = EXAMPLE_SPEC.key as string;

let site: Site;

async function seed() {
  const h = site.h;
  const admin = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => h.admin({ method, url: `/api/v1${url}`, payload });
  // Last year's, published: the list shows more than one status.
  const last = structuredClone(EXAMPLE_SPEC);
  Object.assign(last, { key: 'nantong-2025', year: 2025, name: '2025年度“万人评机关”民主评议', theme: '转作风 提效能 优服务' });
  last.phases = last.phases.map((p: { start: string; end: string }) => ({ ...p, start: p.start.replace('2026', '2025'), end: p.end.replace('2026', '2025') }));
  last.rules.minValidRatings = 1;
  await openCampaign(h, last);
  await admin('POST', '/campaigns/nantong-2025/status', { status: 'closed' });
  await admin('POST', '/campaigns/nantong-2025/results/publish');

  // This year's, open, with few enough ratings required that units rank.
  const spec = structuredClone(EXAMPLE_SPEC);
  spec.rules.minValidRatings = 3;
  await openCampaign(h, spec);
  const survey = await issueCodes(h, KEY, 'survey', 'citizens', 24);
  const inquiry = await issueCodes(h, KEY, 'inquiry', 'enterprises', 12);
  const midyear = await issueCodes(h, KEY, 'midyear', 'deputies', 8);
  await admin('POST', `/campaigns/${KEY}/code-batches`, { questionnaire: 'survey', group: 'citizens', size: 2000, label: '街道发放' });
  let n = 0;
  const vote = (code: string, body: object) =>
    h.inject({ method: 'POST', url: `/api/v1/vote/${code}`, payload: body, remoteAddress: `10.1.${Math.floor(n / 200)}.${n++ % 200}` });
  for (const [i, c] of survey.codes.slice(0, 18).entries()) await vote(c, ballotFor(UNITS, (u) => OPTIONS[(u + i) % OPTIONS.length], i === 3 ? { answeringMs: 2000 } : {}));
  for (const [i, c] of inquiry.codes.slice(0, 9).entries()) await vote(c, ballotFor(UNITS, (u) => OPTIONS[(u * 2 + i) % 4], i === 5 ? { answeringMs: 1500 } : {}));
  await vote(inquiry.codes[9], ballotFor(UNITS, 'satisfied'));
  const four = ['good', 'fairly-good', 'average', 'poor'];
  for (const [i, c] of midyear.codes.slice(0, 6).entries()) await vote(c, ballotFor(UNITS, (u) => four[(u + i) % 3]));
  await drained(h);
  // Spread the ballots over the last hours so the per-hour chart has a shape.
  await h.ctx.database.query(`update ballots set submitted_at = now() - (id % 7) * interval '1 hour' - (id % 3) * interval '1 hour'`);

  const scores = UNITS.map((unit, i) => ({ unit, score: String(86 + ((i * 37) % 13) + (i % 2 ? 0.5 : 0)) }));
  await admin('PUT', `/campaigns/${KEY}/scores/daily`, { scores });
  await admin('PUT', `/campaigns/${KEY}/scores/daily`, { scores: [{ unit: UNITS[2], score: '91.25', note: '复核后更正' }] });
  await admin('PUT', `/campaigns/${KEY}/vetoes/${UNITS[6]}`, { reason: '发生严重违纪问题，按规定一票否决' });
  await admin('POST', `/campaigns/${KEY}/results/recompute`, {});
}

beforeAll(async () => {
  site = await openSite();
  await site.h.startWorker();
  await seed();
}, 180_000);
afterAll(() => site?.close());

const PAGES: { name: string; path: string; ready: string; before?: (page: Page) => Promise<void> }[] = [
  { name: 'campaigns', path: '/admin', ready: '.campaign' },
  {
    name: 'import',
    path: '/admin/import',
    ready: '#spec-text',
    async before(page) {
      const bad = structuredClone(EXAMPLE_SPEC);
      // Problems of every kind at once, as a hand-edited file has them.
      bad.units[1].category = 'offices';
      bad.units[3].key = bad.units[2].key;
      bad.components[2].weight = 20;
      (bad.groups[0] as Record<string, unknown>).colour = 'red';
      delete (bad.rules as Record<string, unknown>).decimals;
      bad.phases[1].end = '2026-11-31';
      await page.locator('#spec-text').fill(JSON.stringify(bad, null, 2));
      await page.locator('#spec-text').evaluate((el) => (el.scrollTop = 0));
      await page.locator('.admin section.panel .row button.btn:not(.primary)').click();
      await page.getByTestId('error-details').waitFor();
    },
  },
  {
    // A file that is not JSON: where it breaks, before anything is sent.
    name: 'import-json',
    path: '/admin/import',
    ready: '#spec-text',
    async before(page) {
      await page.locator('#spec-text').fill(JSON.stringify(EXAMPLE_SPEC, null, 2).replace('"year": 2026,', '"year": 2026，'));
      await page.locator('.admin section.panel .row button.btn:not(.primary)').click();
      await page.getByTestId('error-details').waitFor();
    },
  },
  { name: 'campaign', path: `/admin/campaigns/${KEY}`, ready: '.campaign-head' },
  { name: 'codes', path: `/admin/campaigns/${KEY}/codes`, ready: 'tr[data-batch]' },
  { name: 'progress', path: `/admin/campaigns/${KEY}/progress`, ready: '.chart svg' },
  { name: 'flagged', path: `/admin/campaigns/${KEY}/flagged`, ready: 'tr[data-ballot]' },
  { name: 'scores', path: `/admin/campaigns/${KEY}/scores`, ready: 'tr[data-unit]' },
  {
    // A score file with bad rows: each problem said by its line, in the page's language.
    name: 'scores-csv-error',
    path: `/admin/campaigns/${KEY}/scores`,
    ready: 'tr[data-unit]',
    before: async (page: Page) => {
      await page.locator('#csv-text').fill(`unit,score\n${UNITS[0]},120\nnope,80\n${UNITS[1]},85\n${UNITS[1]},86\n`);
      await page.locator('section:has(#csv-text) .row button').click();
      await page.getByTestId('error-details').waitFor();
      await page.getByTestId('error-details').scrollIntoViewIfNeeded();
    },
  },
  { name: 'vetoes', path: `/admin/campaigns/${KEY}/vetoes`, ready: 'tr[data-unit]' },
  { name: 'results', path: `/admin/campaigns/${KEY}/results`, ready: 'table.ranking' },
  { name: 'audit', path: '/admin/audit', ready: 'table.data' },
  { name: 'session', path: `/admin/campaigns/${KEY}/session`, ready: '.qr svg' },
  // Last year's, published: voting is over, so the screen refuses to show a QR code.
  { name: 'session-closed', path: '/admin/campaigns/nantong-2025/session', ready: '[data-testid=session-refused]' },
];

describe.each(VIEWS)('$name', ({ name: view, viewport }) => {
  it.each(LANGS)('every console page in $name', async ({ name: lang, locale }) => {
    const login = await site.page({ viewport, locale });
    await login.page.goto(`${site.base}/admin/login`);
    await settled(login.page, '#login-user');
    await shot(login.page, `admin-login-${view}-${lang}`, viewport.width);
    await login.context.close();

    const { context, page } = await site.page({ viewport, locale, admin: true });
    for (const p of PAGES) {
      await page.goto(site.base + p.path);
      await settled(page, p.ready);
      await p.before?.(page);
      if (p.name === 'session') await page.getByTestId('session-count').filter({ hasText: /[1-9]/ }).waitFor();
      await shot(page, `admin-${p.name}-${view}-${lang}`, viewport.width);
    }
    await context.close();
  });
});
