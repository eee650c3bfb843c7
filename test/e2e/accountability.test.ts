// The accountability loop in real Chromium, the way people use it: the office
// invites a liaison and opens a task from the problems voters ticked; the
// liaison logs in on a phone, answers with a file (a bad one first), the
// office checks the answer, downloads the file and closes the task. Another
// unit's liaison is told the task is not there. An inspector records a visit
// with a photo and the office makes a task of what was found. A voter who
// wrote a comment leaves a number for a call back (回访), with consent.
import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { campaignWithProblems, PDF, PNG } from '../integration/accountability-helpers.js';
import { chosenPassword, issueCodes } from '../integration/harness.js';
import { DESKTOP, PHONE, openSite, shot, type Site } from './browser.js';

const KEY = 'loop-2026';
let site: Site;

beforeAll(async () => {
  site = await openSite();
  await site.h.startWorker();
  await campaignWithProblems(site.h, KEY, 2026);
});
afterAll(() => site?.close());

/** Invites through the API (the UI path is tested once, below) and returns the one-time password. */
async function invite(username: string, role: string, scope: { units?: string[]; campaigns?: string[] } = {}) {
  const res = await site.h.admin({ method: 'POST', url: '/api/v1/users', payload: { username, role, ...scope } });
  expect(res.statusCode).toBe(201);
  return res.json().password as string;
}

/** Logs in with a one-time password: the login page then asks for the user's own before going on. */
async function logIn(page: Page, username: string, password: string) {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { name: '设置您自己的密码' }).waitFor();
  await page.getByLabel('新密码', { exact: true }).fill(chosenPassword(username));
  await page.getByLabel('再次输入新密码').fill(chosenPassword(username));
  await page.getByRole('button', { name: '修改密码' }).click();
}

const watch = (page: Page) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  return problems;
};

let bdcTask: number;

it('a liaison answers a task (with an uploaded file) and an admin closes it', async () => {
  const office = await site.page({ viewport: DESKTOP, locale: 'zh-CN', admin: true });
  const officeProblems = watch(office.page);

  // The office invites the liaison of the land registry window: the password is shown once.
  await office.page.goto(`${site.base}/admin/users`);
  await office.page.getByRole('button', { name: '邀请用户' }).click();
  await office.page.getByLabel('用户名').fill('bdc-liaison');
  await office.page.getByLabel('姓名或称呼').fill('不动产登记中心 李明');
  await office.page.getByLabel('角色').selectOption('liaison');
  await office.page.getByLabel('不动产登记窗口').check();
  await office.page.getByRole('button', { name: '创建账号' }).click();
  const once = office.page.getByTestId('one-time-password');
  await once.waitFor();
  const password = (await once.locator('.password').innerText()).trim();
  expect(password.length).toBeGreaterThanOrEqual(12);
  // Where to sign in: the public address (PUBLIC_URL), not the one the console was opened on.
  expect(await once.getByTestId('login-at').innerText()).toBe('登录地址：http://vote.example.test/admin/login');
  await office.page.locator('tr[data-user="bdc-liaison"]').getByText('不动产登记窗口').waitFor();

  // Tasks from the problems ticked on at least half of a unit's ballots: one, for w-bdc.
  await office.page.goto(`${site.base}/admin/campaigns/${KEY}/tasks`);
  await office.page.getByRole('button', { name: '按问卷问题生成任务' }).click();
  await office.page.getByLabel('勾选比例阈值').fill('50');
  await office.page.getByRole('button', { name: '生成任务', exact: true }).click();
  await office.page.getByText('已按 50% 的阈值生成 1 项整改任务。').waitFor();
  const row = office.page.locator('tr[data-task]');
  await row.first().waitFor();
  expect(await row.count()).toBe(1);
  expect(await row.innerText()).toContain('办事效率低、久拖不办');
  bdcTask = Number(await row.getAttribute('data-task'));

  // The liaison, on a phone: the unit's page asks for a login, then comes back.
  const liaison = await site.page({ viewport: PHONE, locale: 'zh-CN' });
  const liaisonProblems = watch(liaison.page);
  await liaison.page.goto(`${site.base}/unit`);
  await liaison.page.waitForURL(/\/admin\/login\?next=%2Funit/);
  // First login with the one-time password: nothing but the form to set one's own, which refuses a weak one in words.
  await liaison.page.getByLabel('用户名').fill('bdc-liaison');
  await liaison.page.getByLabel('密码').fill(password);
  await liaison.page.getByRole('button', { name: '登录' }).click();
  await liaison.page.getByRole('heading', { name: '设置您自己的密码' }).waitFor();
  expect(await liaison.page.locator('#pw-current').count()).toBe(0);
  await liaison.page.getByLabel('新密码', { exact: true }).fill('password1234');
  await liaison.page.getByLabel('再次输入新密码').fill('password1234');
  await liaison.page.getByRole('button', { name: '修改密码' }).click();
  await liaison.page.getByText('这个密码太常见或太容易猜到').waitFor();
  // Seen at both sizes: the form a first login gets, with a refusal in words.
  await shot(liaison.page, 'admin-first-login-phone-zh', PHONE.width);
  await liaison.page.setViewportSize(DESKTOP);
  await shot(liaison.page, 'admin-first-login-desktop-zh', DESKTOP.width);
  await liaison.page.setViewportSize(PHONE);
  expect((await liaison.context.request.get(`${site.base}/api/v1/me/scope`)).status()).toBe(403);
  await liaison.page.getByLabel('新密码', { exact: true }).fill(chosenPassword('bdc-liaison'));
  await liaison.page.getByLabel('再次输入新密码').fill(chosenPassword('bdc-liaison'));
  await liaison.page.getByRole('button', { name: '修改密码' }).click();
  await liaison.page.waitForURL(`${site.base}/unit`);
  await liaison.page.locator('[data-unit="w-bdc"]').waitFor();
  await liaison.page.locator(`a[data-task="${bdcTask}"]`).click();
  await liaison.page.waitForURL(`${site.base}/unit/tasks/${bdcTask}`);
  await liaison.page.getByRole('heading', { name: '办事效率低、久拖不办' }).waitFor();

  // A file that is not what its name says is refused, in words; then the real report.
  const files = liaison.page.locator('#answer-files');
  await files.setInputFiles({ name: '假报告.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ this is not a PDF') });
  await liaison.page.getByTestId('upload-problems').getByText('附件为空或类型不受支持').waitFor();
  await files.setInputFiles({ name: '整改报告.pdf', mimeType: 'application/pdf', buffer: PDF });
  await liaison.page.locator('[data-attachment]').getByText('整改报告.pdf').waitFor();
  await liaison.page.getByRole('textbox', { name: '整改情况' }).fill('已增设两个窗口，推行预约办理，高峰期排队不超过20分钟。');
  await liaison.page.getByRole('button', { name: '提交整改情况' }).click();
  await liaison.page.getByText('整改情况已提交').waitFor();
  await liaison.page.locator('[data-task-status="answered"]').first().waitFor();
  expect(await liaison.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

  // The office opens the task: the answer, who gave it, and the file to download.
  await office.page.goto(`${site.base}/admin/campaigns/${KEY}/tasks/${bdcTask}`);
  const answered = office.page.locator('.event[data-action="answered"]');
  await answered.waitFor();
  expect(await answered.innerText()).toContain('bdc-liaison');
  expect(await answered.innerText()).toContain('已增设两个窗口');
  const [download] = await Promise.all([office.page.waitForEvent('download'), answered.getByRole('link', { name: /整改报告\.pdf/ }).click()]);
  expect(download.suggestedFilename()).toBe('整改报告.pdf');
  expect(fs.readFileSync((await download.path())!).equals(PDF)).toBe(true);

  // Checked and closed (销号).
  await office.page.getByLabel('核验意见').fill('现场核实，已增设窗口，予以销号。');
  await office.page.getByRole('button', { name: '核验通过，销号' }).click();
  await office.page.locator('.task [data-task-status="closed"]').first().waitFor();
  await office.page.locator('.event[data-action="closed"]').getByText('现场核实').waitFor();

  // The liaison sees it closed.
  await liaison.page.reload();
  await liaison.page.getByText('作风办已核验，此任务已销号。').waitFor();
  expect(await liaison.page.locator('#answer-text').count()).toBe(0);

  // The office resets the liaison's password: a new one-time password, and the phone is logged out.
  await office.page.goto(`${site.base}/admin/users`);
  await office.page.locator('tr[data-user="bdc-liaison"]').getByRole('button').click();
  office.page.once('dialog', (d) => void d.accept());
  await office.page.getByRole('button', { name: '重置密码' }).click();
  await office.page.getByTestId('one-time-password').getByText('已重置 bdc-liaison 的密码').waitFor();
  await liaison.page.reload();
  await liaison.page.waitForURL(/\/admin\/login\?next=/);

  expect(officeProblems).toEqual([]);
  expect(liaisonProblems).toEqual([]);
  await office.context.close();
  await liaison.context.close();
});

it('a liaison of another unit does not see the task: its address shows not found', async () => {
  const password = await invite('gs-liaison', 'liaison', { units: ['w-gs'] });
  const { context, page } = await site.page({ viewport: PHONE, locale: 'zh-CN' });
  const problems = watch(page);
  await page.goto(`${site.base}/unit/tasks/${bdcTask}`);
  await page.waitForURL(/\/admin\/login\?next=/);
  await logIn(page, 'gs-liaison', password);
  await page.waitForURL(`${site.base}/unit/tasks/${bdcTask}`);
  await page.getByTestId('not-found').waitFor();
  expect(await page.getByText('办事效率低、久拖不办').count()).toBe(0);

  // Nor the other unit's report; its own home lists only its own unit.
  await page.goto(`${site.base}/unit/${KEY}/w-bdc`);
  await page.getByTestId('not-found').waitFor();
  await page.goto(`${site.base}/unit`);
  await page.locator('[data-unit="w-gs"]').waitFor();
  expect(await page.locator('[data-unit="w-bdc"]').count()).toBe(0);
  expect(await page.locator(`[data-task="${bdcTask}"]`).count()).toBe(0);

  // An evaluator logs in to its home: who it is, its campaigns to choose from,
  // signing out, and none of the office's menu; a campaign opens its board.
  const evaluator = await invite('leader-zhou', 'evaluator', { campaigns: [KEY] });
  const ev = await site.page({ viewport: PHONE, locale: 'zh-CN' });
  const evProblems = watch(ev.page);
  await ev.page.goto(`${site.base}/admin/login`);
  await logIn(ev.page, 'leader-zhou', evaluator);
  await ev.page.waitForURL(`${site.base}/admin`);
  await ev.page.getByRole('heading', { name: '我的评议活动' }).waitFor();
  expect(await ev.page.getByTestId('evaluator-who').innerText()).toContain('leader-zhou，您以评议员身份登录');
  for (const office of ['导入配置', '用户管理', '操作日志', '任务队列']) expect(await ev.page.getByRole('link', { name: office }).count()).toBe(0);
  expect(await ev.page.getByText('不是管理员账号').count()).toBe(0);
  // An office page asked for by address brings it home, not to the office's screens.
  await ev.page.goto(`${site.base}/admin/audit`);
  await ev.page.waitForURL(`${site.base}/admin`);
  await ev.page.locator(`[data-campaign="${KEY}"] a`).click();
  await ev.page.waitForURL(`${site.base}/results/board/${KEY}`);
  await ev.page.getByRole('link', { name: '我的评议活动' }).click();
  await ev.page.waitForURL(`${site.base}/admin`);
  await ev.page.getByRole('button', { name: '退出登录' }).click();
  await ev.page.waitForURL(`${site.base}/admin/login`);
  expect(evProblems).toEqual([]);
  await ev.context.close();

  // The console is not for liaisons: it says so and points home.
  await page.goto(`${site.base}/admin`);
  await page.getByRole('link', { name: '前往我的页面' }).click();
  await page.waitForURL(`${site.base}/unit`);
  expect(problems).toEqual([]);
  await context.close();
});

it('an inspector records a visit with a photo, and the office makes a task of the finding', async () => {
  const password = await invite('inspector-1', 'inspector');
  const { context, page } = await site.page({ viewport: PHONE, locale: 'zh-CN' });
  const problems = watch(page);
  await page.goto(`${site.base}/admin/login`);
  await logIn(page, 'inspector-1', password);
  await page.waitForURL(`${site.base}/inspect`);
  await page.getByLabel('察访单位').selectOption('w-bdc');
  await page.getByLabel('具体地点或窗口').fill('政务服务中心3号窗口');
  await page.getByText('暗访', { exact: true }).click();
  await page.getByLabel('问题类型').selectOption('attitude');
  await page.getByLabel('问题描述').fill('工作人员上班时间玩手机，群众询问时态度生硬。');
  await page.locator('#f-photos-0').setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: PNG });
  await page.locator('[data-attachment]').getByText('现场.png').waitFor();
  await page.getByRole('button', { name: '提交察访记录' }).click();
  await page.getByTestId('visit-saved').getByText('不动产登记窗口').waitFor();
  await page.getByRole('link', { name: '查看我的察访记录' }).click();
  await page.locator('[data-inspection]').getByText('工作人员上班时间玩手机').waitFor();
  expect(problems).toEqual([]);
  await context.close();

  const office = await site.page({ viewport: DESKTOP, locale: 'zh-CN', admin: true });
  await office.page.goto(`${site.base}/admin/campaigns/${KEY}/inspections`);
  const visit = office.page.locator('[data-inspection]').first();
  await visit.getByText('政务服务中心3号窗口').waitFor();
  expect(await visit.innerText()).toContain('暗访');
  await visit.getByRole('button', { name: '转为整改任务' }).click();
  await visit.getByRole('link', { name: /整改任务 #\d+/ }).click();
  await office.page.getByRole('heading', { name: '门难进、脸难看、事难办' }).waitFor();
  expect(await office.page.locator('.task').innerText()).toContain('明查暗访');
  await office.context.close();
});

it('a voter who wrote a comment leaves a number for a call back, with consent, and the office sees it', async () => {
  const { codes } = await issueCodes(site.h, KEY, 'survey', 'citizens', 2);
  const { context, page } = await site.page({ viewport: PHONE, locale: 'zh-CN' });
  const problems = watch(page);
  await page.goto(`${site.base}/v/${codes[0]}`);
  const unit = page.locator('fieldset.unit').first();
  await unit.waitFor();
  await unit.locator('label.opt').first().click();
  await page.fill('#comment', '公积金窗口电话总是打不通，希望增加接听人员。');
  await page.getByRole('button', { name: '提交答卷' }).click();
  await page.locator('.thanks').waitFor();

  // Optional, and only with the consent line ticked.
  const phone = page.getByLabel('电话号码');
  await phone.fill('１３９ ００００ ５６７８');
  const send = page.getByRole('button', { name: '提交号码' });
  expect(await send.isDisabled()).toBe(true);
  await page.getByText('本人同意作风办就本条意见的办理情况电话回访，号码仅用于回访，不与评议内容一起公开。').click();
  await send.click();
  await page.getByTestId('followup-done').waitFor();
  // The number is not kept on the phone; reopening the link says it was sent.
  expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain('5678');
  await page.reload();
  await page.getByTestId('followup-done').waitFor();
  expect(problems).toEqual([]);
  await context.close();

  const comments = (await site.h.admin({ method: 'GET', url: `/api/v1/campaigns/${KEY}/comments` })).json().comments;
  expect(comments.find((c: { comment: string }) => c.comment.startsWith('公积金窗口电话')).hasContact).toBe(true);

  // A ballot without a comment is not offered the call.
  const other = await site.page({ viewport: PHONE, locale: 'zh-CN' });
  await other.page.goto(`${site.base}/v/${codes[1]}`);
  await other.page.locator('fieldset.unit').first().locator('label.opt').first().click();
  await other.page.getByRole('button', { name: '提交答卷' }).click();
  await other.page.locator('.thanks').waitFor();
  await other.page.waitForTimeout(300);
  expect(await other.page.getByLabel('电话号码').count()).toBe(0);
  await other.context.close();
});
