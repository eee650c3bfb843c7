// Accessibility of the office console at phone width (390×844), in real
// Chromium with axe-core: every screen the harness can reach, signed in as
// the office (and the evaluator's home as an evaluator), fails on any serious
// or critical finding of WCAG 2.0/2.1 A and AA, including "the visible label
// is part of the accessible name" (2.5.3) and "a scrolling region can be
// reached by keyboard" (2.1.1: the wide tables scroll sideways on a phone).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { campaignWithProblems } from '../integration/accountability-helpers.js';
import { ballotFor, drained, firstLogin, issueCodes } from '../integration/harness.js';
import { UNITS } from '../fixtures/units.js';
import { PHONE, axeViolations, openSite, settled, type Site } from './browser.js';

const KEY = 'axe-2026';
let site: Site;
let task = 0;
let evaluatorCookie = '';

beforeAll(async () => {
  site = await openSite();
  await site.h.startWorker();
  const h = site.h;
  await campaignWithProblems(h, KEY, 2026);
  // One ballot answered in a second: flagged, so the review table has a row.
  const { codes } = await issueCodes(h, KEY, 'survey', 'enterprises', 1);
  await h.inject({ method: 'POST', url: `/api/v1/vote/${codes[0]}`, payload: ballotFor(UNITS, 'satisfied', { answeringMs: 1000 }), remoteAddress: '10.9.0.1' });
  await drained(h);
  const made = await h.admin({ method: 'POST', url: `/api/v1/campaigns/${KEY}/tasks/from-problems`, payload: { threshold: 0.5 } });
  task = made.json().tasks?.[0]?.id ?? (await h.admin({ method: 'GET', url: `/api/v1/tasks?campaign=${KEY}` })).json()[0].id;
  const invited = await h.admin({ method: 'POST', url: '/api/v1/users', payload: { username: 'leader-axe', role: 'evaluator', campaigns: [KEY] } });
  evaluatorCookie = await firstLogin(h, 'leader-axe', invited.json().password);
}, 180_000);
afterAll(() => site?.close());

const TABS = ['', '/codes', '/progress', '/flagged', '/scores', '/vetoes', '/results', '/tasks', '/comments', '/inspections', '/accountability', '/escalation'];
const SCREENS: { name: string; path: () => string }[] = [
  { name: 'campaign list', path: () => '/admin' },
  ...TABS.map((t) => ({ name: `campaign ${t || '/overview'}`, path: () => `/admin/campaigns/${KEY}${t}` })),
  { name: 'one task', path: () => `/admin/campaigns/${KEY}/tasks/${task}` },
  { name: 'on-site screen', path: () => `/admin/campaigns/${KEY}/session` },
  { name: 'users', path: () => '/admin/users' },
  { name: 'audit', path: () => '/admin/audit' },
  { name: 'import', path: () => '/admin/import' },
  { name: 'holidays', path: () => '/admin/holidays' },
];

async function violations(page: Page) {
  await settled(page, 'main h1, main h2, .screen h1');
  // Whatever the screen loads after its heading (tables, charts) has come in.
  await page.waitForTimeout(500);
  await page.waitForFunction(() => !document.querySelector('[role=status].muted'));
  return axeViolations(page, { wcag21: true });
}

let admin: { context: import('playwright-core').BrowserContext; page: Page } | undefined;

it('login form', async () => {
  const anon = await site.page({ viewport: PHONE, locale: 'zh-CN' });
  await anon.page.goto(`${site.base}/admin/login`);
  expect(await violations(anon.page)).toEqual([]);
  await anon.context.close();
});

it.each(SCREENS)('$name', async (s) => {
  admin ??= await site.page({ viewport: PHONE, locale: 'zh-CN', admin: true });
  await admin.page.goto(site.base + s.path());
  expect(await violations(admin.page)).toEqual([]);
});

it("the evaluator's home", async () => {
  await admin?.context.close();
  const ev = await site.page({ viewport: PHONE, locale: 'zh-CN' });
  const [name, value] = evaluatorCookie.split('=');
  await ev.context.addCookies([{ name, value, url: site.base }]);
  await ev.page.goto(`${site.base}/admin`);
  await ev.page.locator('[data-campaign]').waitFor();
  expect(await violations(ev.page)).toEqual([]);
  await ev.context.close();
});
