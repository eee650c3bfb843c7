// Screenshots of every accountability page, phone (390×844) and desktop
// (1280×800), Chinese and English, into docs/screenshots/ (with
// UPDATE_SCREENSHOTS=1): the console's tabs and pages (admin-<page>-…), the
// liaison's (unit-<page>-…), the inspector's (inspect[-<page>]-…) and the
// voter's follow-up offer on the thank-you page (vote-followup-…). The data
// is seeded through the API as it would be a few weeks after the results:
// tasks in every state, an appeal, a comment whose author asked for a call
// back, visits with findings, last year's campaign for the escalation count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Cookie, Page } from 'playwright-core';
import { campaignWithProblems, multipart, PDF, PNG } from '../integration/accountability-helpers.js';
import { chosenPassword, firstLogin, issueCodes } from '../integration/harness.js';
import { XLSX } from '../fixtures/office.js';
import { LANGS, VIEWS, openSite, settled, shot, type Site } from './browser.js';

const KEY = 'loop-2026';
let site: Site;
const passwords: Record<string, string> = {};
const ids: Record<string, number> = {};
const voter = { code: '', receipt: '' };

async function seed() {
  const h = site.h;
  type Call = (method: string, url: string, payload?: object) => Promise<{ statusCode: number; json: () => any }>;
  const as = (cookie: string): Call => (method, url, payload) =>
    h.inject({ method: method as 'GET', url: `/api/v1${url}`, payload, headers: { cookie } }) as never;
  const admin: Call = (method, url, payload) => h.admin({ method: method as 'GET', url: `/api/v1${url}`, payload }) as never;
  const ok = async (p: ReturnType<Call>) => {
    const r = await p;
    if (r.statusCode >= 300) throw new Error(`seed call failed: ${r.statusCode} ${JSON.stringify(r.json())}`);
    return r.json();
  };
  const person = async (username: string, displayName: string, role: string, scope: object = {}) => {
    const { password } = await ok(admin('POST', '/users', { username, displayName, role, ...scope }));
    // The one-time password is replaced at the first login, as the console makes them do.
    passwords[username] = chosenPassword(username);
    return as(await firstLogin(h, username, password));
  };

  // Last year's campaign of the series, then this year's: w-bdc is rated worst in both.
  await campaignWithProblems(h, 'loop-2025', 2025);
  await ok(admin('PATCH', '/campaigns/loop-2025', { name: '2025年度“万人评机关”民主评议' }));
  await ok(admin('POST', '/campaigns/loop-2025/status', { status: 'closed' }));
  await ok(admin('POST', '/campaigns/loop-2025/results/publish'));
  const { receipts } = await campaignWithProblems(h, KEY, 2026);
  voter.code = (await issueCodes(h, KEY, 'survey', 'citizens', 1)).codes[0];
  voter.receipt = receipts[3];

  const bdc = await person('bdc-liaison', '不动产登记中心 李明', 'liaison', { units: ['w-bdc'] });
  const gs = await person('gs-liaison', '市场监管局 陈静', 'liaison', { units: ['w-gs'] });
  const inspector = await person('inspector-wang', '特邀监督员 王芳', 'inspector');
  await person('leader-zhou', '周主任', 'evaluator', { campaigns: [KEY] });
  const cookieOf = async (username: string) => {
    const login = await h.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: passwords[username] } });
    return String(login.headers['set-cookie']).split(';')[0];
  };
  const file = async (username: string, name: string, data: Buffer) => {
    const body = multipart(name, data);
    const res = await h.inject({ method: 'POST', url: '/api/v1/attachments', payload: body.payload, headers: { ...body.headers, cookie: await cookieOf(username) } });
    if (res.statusCode !== 201) throw new Error(`upload failed: ${res.body}`);
    return res.json().id as number;
  };

  // Tasks in every state.
  await ok(admin('POST', `/campaigns/${KEY}/tasks/from-problems`, { threshold: 0.5 }));
  ids.problem = (await ok(admin('GET', `/tasks?campaign=${KEY}`))).find((t: { source: string }) => t.source === 'problem').id;
  const task = (unit: string, title: string, description: string, extra: object = {}) => ok(admin('POST', '/tasks', { campaign: KEY, unit, title, description, ...extra }));
  const returned = await task('w-bdc', '大厅引导标识不清', '群众反映不动产登记大厅缺少引导标识，取号后找不到对应窗口。');
  await ok(bdc('POST', `/tasks/${returned.id}/answer`, { text: '已在大厅入口和各区域设置引导标识。', attachmentIds: [await file('bdc-liaison', '引导标识设置方案.pdf', PDF)] }));
  await ok(admin('POST', `/tasks/${returned.id}/verify`, { action: 'return', note: '请补充整改后的现场照片。' }));
  ids.returned = returned.id;
  const appealed = await task('w-bdc', '收费标准公示不全', '有群众反映办理抵押登记时收费项目没有公示。');
  await ok(bdc('POST', `/tasks/${appealed.id}/appeal`, { reason: '收费项目已在大厅公示栏和网站公示，见附件照片；该项费用由银行收取，不属于本窗口。', attachmentIds: [await file('bdc-liaison', '公示栏.png', PNG)] }));
  ids.appealed = appealed.id;

  await ok(h.inject({ method: 'POST', url: `/api/v1/receipts/${receipts[0]}/followup`, payload: { phone: '138 0000 1234', consent: true } }) as never);
  const { comments } = await ok(admin('GET', `/campaigns/${KEY}/comments`));
  const fromComment = await task('w-bdc', '高峰期排队时间长', comments[0].comment, { source: 'comment', commentKey: comments[0].key, isPublic: true });
  await ok(bdc('POST', `/tasks/${fromComment.id}/answer`, { text: '周一、周五高峰期增开两个窗口，推行网上预约，排队时间已缩短到二十分钟以内。', attachmentIds: [await file('bdc-liaison', '窗口排班表.xlsx', XLSX)] }));
  ids.comment = fromComment.id;

  const closed = await task('w-gs', '办事指南未及时更新', '窗口办事指南与网上公布的材料清单不一致。');
  await ok(gs('POST', `/tasks/${closed.id}/answer`, { text: '已统一更新窗口和网站上的办事指南。' }));
  await ok(admin('POST', `/tasks/${closed.id}/verify`, { action: 'close', note: '核验属实，予以销号。' }));
  const late = await task('w-gjj', '咨询电话长时间无人接听', '特邀监督员多次拨打公积金咨询电话无人接听。');
  const late2 = await task('w-bdc', '预约系统经常无法登录', '群众反映网上预约系统高峰时段无法登录。');
  await h.ctx.database.query(`update tasks set deadline = deadline - 40 where id = any($1::int[])`, [[late.id, late2.id]]);

  // Visits: one undercover with a photographed finding (made a task), one by phone, one with nothing found.
  const photo = await file('inspector-wang', '三号窗口.png', PNG);
  const v1 = await ok(inspector('POST', '/inspections', { campaign: KEY, unit: 'w-bdc', place: '政务服务中心3号窗口', visitedOn: '2026-10-12', kind: 'undercover', summary: '上午10点到达，等候群众约15人。', findings: [{ problem: 'attitude', description: '工作人员上班时间玩手机，群众询问时态度生硬。', photoIds: [photo] }, { problem: 'slow', description: '一件抵押登记办理了40分钟。' }] }));
  await ok(admin('POST', `/inspections/${v1.id}/findings/${v1.findings[0].id}/task`, {}));
  await ok(inspector('POST', '/inspections', { campaign: KEY, unit: 'w-gjj', place: '12345转公积金咨询电话', visitedOn: '2026-10-14', kind: 'phone', findings: [{ description: '工作时间拨打三次，均无人接听。' }] }));
  await ok(inspector('POST', '/inspections', { campaign: KEY, unit: 'w-gs', place: '市场监管窗口', visitedOn: '2026-10-15', kind: 'open', summary: '秩序良好，指南齐全，未发现问题。' }));

  // The office's holidays for the year.
  await ok(admin('PUT', '/holidays', {
    days: [
      { day: '2026-01-01', name: '元旦', workday: false },
      { day: '2026-05-01', name: '劳动节', workday: false },
      { day: '2026-10-01', name: '国庆节', workday: false },
      { day: '2026-10-02', name: '国庆节', workday: false },
      { day: '2026-10-05', name: '国庆节', workday: false },
      { day: '2026-10-10', name: '国庆节调休', workday: true },
    ],
  }));

  // Published, so the liaison sees its standing.
  await ok(admin('POST', `/campaigns/${KEY}/status`, { status: 'closed' }));
  await ok(admin('POST', `/campaigns/${KEY}/results/publish`));
}

beforeAll(async () => {
  site = await openSite();
  await site.h.startWorker();
  await seed();
}, 180_000);
afterAll(() => site?.close());




// One login per user for the whole file, its session cookie handed to each new context: the
// login route allows 20 a minute from one address, and four runs of three users come close.
const sessions = new Map<string, Cookie[]>();
async function signedIn(context: BrowserContext, username: string) {
  const kept = sessions.get(username);
  if (kept) return context.addCookies(kept);
  const res = await context.request.post(`${site.base}/api/v1/auth/login`, { data: { username, password: passwords[username] } });
  if (res.status() !== 200) throw new Error(`login ${username}: ${res.status()}`);
  sessions.set(username, await context.cookies());
}

type Lang = (typeof LANGS)[number]['name'];
type Shot = { name: string; path: () => string; ready: string; before?: (page: Page) => Promise<void>; check?: (page: Page, lang: Lang) => Promise<void>; only?: Lang };

// A task the server opened from a ticked problem: its words are the reader's language's, never both.
const PROBLEM_TEXT: Record<Lang, string> = { zh: '75.00% 的有效问卷（3 份）勾选了“办事效率低、久拖不办”。', en: '75.00% of valid ballots (3) ticked "办事效率低、久拖不办".' };
const FROM_PROBLEMS: Record<Lang, string> = { zh: '依据问卷问题交办：勾选比例不低于 50%。', en: 'Opened from ticked problems: ticked on at least 50% of ballots.' };
const saysProblemIn = (withHistory: boolean) => async (page: Page, lang: Lang) => {
  const body = await page.locator('main').innerText();
  expect(body).toContain(PROBLEM_TEXT[lang]);
  expect(body).not.toContain(PROBLEM_TEXT[lang === 'zh' ? 'en' : 'zh']);
  if (withHistory) expect(body).toContain(FROM_PROBLEMS[lang]);
  expect(body).not.toMatch(/threshold 0\./);
};

const ADMIN: Shot[] = [
  { name: 'admin-tasks', path: () => `/admin/campaigns/${KEY}/tasks`, ready: 'tr[data-task]' },
  { name: 'admin-task', path: () => `/admin/campaigns/${KEY}/tasks/${ids.comment}`, ready: '.verify' },
  { name: 'admin-task-problem', path: () => `/admin/campaigns/${KEY}/tasks/${ids.problem}`, ready: '[data-coded=PROBLEM_SHARE]', check: saysProblemIn(true) },
  { name: 'admin-task-appeal', path: () => `/admin/campaigns/${KEY}/tasks/${ids.appealed}`, ready: '.appeal' },
  { name: 'admin-comments', path: () => `/admin/campaigns/${KEY}/comments`, ready: '.comment' },
  { name: 'admin-inspections', path: () => `/admin/campaigns/${KEY}/inspections`, ready: '[data-inspection]' },
  { name: 'admin-accountability', path: () => `/admin/campaigns/${KEY}/accountability`, ready: '[data-testid=loop-totals]' },
  { name: 'admin-escalation', path: () => `/admin/campaigns/${KEY}/escalation`, ready: 'tr[data-unit]' },
  { name: 'admin-users', path: () => '/admin/users', ready: 'tr[data-user]' },
  { name: 'admin-holidays', path: () => '/admin/holidays', ready: '[data-day]' },
];
const LIAISON: Shot[] = [
  { name: 'unit-home', path: () => '/unit', ready: '[data-unit]' },
  { name: 'unit-report', path: () => `/unit/${KEY}/w-bdc`, ready: '.score' },
  { name: 'unit-task', path: () => `/unit/tasks/${ids.returned}`, ready: '.answer' },
  { name: 'unit-task-problem', path: () => `/unit/tasks/${ids.problem}`, ready: '[data-coded=PROBLEM_SHARE]', check: saysProblemIn(true) },
  {
    // The printed 工作提示单 is in Chinese, the office's official language, whatever the reader's.
    name: 'unit-sheet',
    path: () => `/api/v1/campaigns/${KEY}/units/w-bdc/reminder-sheet`,
    ready: 'h1',
    only: 'zh',
    async check(page) {
      const body = await page.locator('body').innerText();
      expect(body).toContain(PROBLEM_TEXT.zh);
      expect(body).not.toMatch(/valid ballots|ticked/);
    },
  },
  { name: 'unit-password', path: () => '/unit/password', ready: '#pw-current' },
];
const EVALUATOR: Shot[] = [{ name: 'evaluator-home', path: () => '/admin', ready: '[data-campaign]' }];
const INSPECTOR: Shot[] = [
  {
    name: 'inspect',
    path: () => '/inspect',
    ready: '#v-unit',
    async before(page) {
      await page.locator('#v-unit option[value="w-yb"]').waitFor({ state: 'attached' });
      await page.locator('#v-unit').selectOption('w-yb');
      await page.locator('#v-place').fill('医保窗口');
    },
  },
  { name: 'inspect-visits', path: () => '/inspect/visits', ready: '[data-inspection]' },
];

describe.each(VIEWS)('$name', ({ name: view, viewport }) => {
  it.each(LANGS)('every accountability page in $name', async ({ name: lang, locale }) => {
    // The voter's thank-you page after a ballot with a comment: the follow-up offer.
    const thanks = await site.page({ viewport, locale });
    await thanks.context.addInitScript(
      ([code, receipt]) => localStorage.setItem(`minping.receipt.${code}`, JSON.stringify({ receipt, submittedAt: '2026-10-20T02:15:00Z', comment: true })),
      [voter.code, voter.receipt],
    );
    await thanks.page.goto(`${site.base}/v/${voter.code}`);
    await thanks.page.locator('#followup-phone').waitFor();
    await thanks.page.evaluate(() => document.fonts.ready);
    await shot(thanks.page, `vote-followup-${view}-${lang}`, viewport.width);
    await thanks.context.close();

    for (const [who, shots] of [
      ['admin', ADMIN],
      ['bdc-liaison', LIAISON],
      ['inspector-wang', INSPECTOR],
      ['leader-zhou', EVALUATOR],
    ] as const) {
      const { context, page } = await site.page({ viewport, locale, admin: who === 'admin' });
      if (who !== 'admin') await signedIn(context, who);
      for (const s of shots) {
        if (s.only && s.only !== lang) continue;
        await page.goto(site.base + s.path());
        await settled(page, s.ready);
        await s.before?.(page);
        await s.check?.(page, lang);
        await shot(page, `${s.name}-${view}-${lang}`, viewport.width);
      }
      await context.close();
    }
  });
});
