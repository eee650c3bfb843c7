// The office console in real Chromium, the way an admin uses it: log in through
// the form, import a campaign file (a bad one first: errors by path, nothing
// stored), open voting, create a code batch, download it and print its QR
// sheet, clear a flagged ballot, close voting and publish version 1.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ballotFor, EXAMPLE_SPEC, issueCodes } from '../integration/harness.js';
import { DESKTOP, PHONE, openSite, type Site } from './browser.js';
import { UNITS } from '../fixtures/units.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/campaign.example.json');
const KEY = EXAMPLE_SPEC.key as string;

let site: Site;
beforeAll(async () => {
  site = await openSite();
  await site.h.startWorker();
});
afterAll(() => site?.close());

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const tab = (page: Page, name: string) => page.getByRole('navigation', { name: '活动管理栏目' }).getByRole('link', { name, exact: true }).click();
const status = (page: Page) => page.locator('.campaign-head [data-status]').getAttribute('data-status');

it('runs a campaign from login to published results', async () => {
  const { context, page } = await site.page({ viewport: DESKTOP, locale: 'zh-CN' });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));

  // Not logged in: the console sends the admin to the login form, then back.
  await page.goto(`${site.base}/admin/audit`);
  await page.waitForURL(/\/admin\/login\?next=%2Fadmin%2Faudit/);
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码').fill('wrong-password');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByText('用户名或密码不正确。').waitFor();
  await page.getByLabel('密码').fill('test-admin-password');
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(`${site.base}/admin/audit`);
  await page.getByRole('heading', { name: '操作日志' }).waitFor();

  // A bad file: every problem listed by its path, nothing stored.
  await page.getByRole('link', { name: '导入配置' }).click();
  const bad = structuredClone(EXAMPLE_SPEC);
  bad.units[0].category = 'nope';
  bad.components[0].weight = 31;
  await page.locator('#spec-text').fill(JSON.stringify(bad));
  await page.getByRole('button', { name: '检查并导入' }).click();
  const details = page.getByTestId('error-details');
  await details.waitFor();
  expect(await details.innerText()).toContain('units[0].category');
  expect(await details.innerText()).toContain('components');
  // Each said in Chinese from its code, at its place in words.
  expect(await details.locator('li[data-code=UNKNOWN_REFERENCE]').innerText()).toMatch(/单位 第1项 › 所属类别[\s\S]*类别中没有编码为“nope”的一项。/);
  expect(await details.locator('li[data-code=WEIGHTS_NOT_100]').innerText()).toContain('各考评构成的权重合计为 101，应为 100。');
  expect((await site.h.admin({ method: 'GET', url: '/api/v1/campaigns' })).json()).toEqual([]);

  // A text that is not JSON: where it breaks, in Chinese, before anything is sent.
  await page.locator('#spec-text').fill('{\n  "specVersion": 1，\n  "key": "x"\n}');
  await page.getByRole('button', { name: '只检查' }).click();
  expect(await page.locator('li[data-code=JSON_INVALID]').innerText()).toContain('第 2 行第 19 列不是有效的 JSON：这里不应出现“，”');

  // The real file, chosen with the file picker.
  await page.locator('#spec-file').setInputFiles(FIXTURE);
  await page.getByRole('button', { name: '检查并导入' }).click();
  await page.waitForURL(new RegExp(`/admin/campaigns/${KEY}\\?imported=created`));
  await page.getByText('已导入新的评议活动').waitFor();
  expect(await status(page)).toBe('draft');
  // Not open yet: the on-site screen refuses to show a QR code.
  await page.goto(`${site.base}/admin/campaigns/${KEY}/session`);
  await page.getByTestId('session-refused').getByText('活动还是草稿').waitFor();
  expect(await page.locator('.qr').count()).toBe(0);
  await page.goto(`${site.base}/admin/campaigns/${KEY}`);

  // Open voting (asked once more, in place).
  await page.getByRole('button', { name: '开放评议' }).click();
  await page.getByRole('button', { name: '开放评议' }).click();
  await expect.poll(() => status(page)).toBe('open');

  // A batch of five codes for the meeting's questionnaire.
  await tab(page, '评议码');
  await page.getByLabel('问卷').selectOption('inquiry');
  await page.getByLabel('评议主体').selectOption('enterprises');
  await page.getByLabel('数量').fill('5');
  await page.getByLabel('批次说明').fill('质询会');
  await page.getByRole('button', { name: '生成', exact: true }).click();
  const row = page.locator('tr[data-batch]').filter({ hasText: '质询会' });
  await row.getByText('可发放').waitFor();
  expect(await row.innerText()).toContain('质询评议测评表');

  const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('link', { name: '下载 CSV' }).click()]);
  const csv = fs.readFileSync((await download.path())!, 'utf8').replace(/^\ufeff/, '').trim().split('\n');
  expect(csv[0]).toBe('code,formatted,link,status');
  expect(csv).toHaveLength(6);
  const codes = csv.slice(1).map((l) => l.split(',')[0]);

  const [sheet] = await Promise.all([context.waitForEvent('page'), row.getByRole('link', { name: '打印二维码' }).click()]);
  await sheet.waitForLoadState();
  expect(await sheet.locator('svg').count()).toBe(5);
  await sheet.close();

  // One ballot answered in a second: the checks flag it as too fast.
  const cast = await site.h.inject({ method: 'POST', url: `/api/v1/vote/${codes[0]}`, payload: ballotFor(UNITS, (i) => (i % 2 ? 'satisfied' : 'basically'), { answeringMs: 1000 }) });
  expect(cast.statusCode).toBe(201);
  await until(async () => (await site.h.admin({ method: 'GET', url: `/api/v1/campaigns/${KEY}/progress` })).json().flagged, (n) => n === 1);

  // Live progress shows it.
  await tab(page, '实时进度');
  await expect.poll(() => page.locator('[data-figure="ballots"]').innerText()).toBe('1');

  // Review: the reason in words, cleared, counted.
  await tab(page, '标记答卷');
  const flagged = page.locator('tr[data-ballot]');
  await flagged.first().waitFor();
  expect(await flagged.count()).toBe(1);
  expect(await flagged.first().locator('[data-flag="too-fast"]').innerText()).toBe('答题过快');
  await flagged.first().locator('input[type=checkbox]').check();
  await page.getByRole('button', { name: '通过（计入得分）' }).click();
  await page.getByText('已通过 1 份答卷').waitFor();
  await page.getByText('没有待复核的答卷。').waitFor();

  // The on-site screen: one QR code to the public address's /v (PUBLIC_URL, not the
  // address the console was opened on) and the count for the meeting's questionnaire.
  await page.goto(`${site.base}/admin/campaigns/${KEY}/session`);
  await page.getByTestId('session-url').waitFor();
  expect(await page.getByTestId('session-url').innerText()).toBe('vote.example.test/v');
  expect(await page.getByTestId('public-url-fallback').count()).toBe(0);
  await expect.poll(() => page.locator('.qr svg').count()).toBe(1);
  await expect.poll(() => page.getByTestId('session-count').innerText()).toBe('1');
  expect(await page.locator('.site').isVisible()).toBe(false);

  // Close voting, then publish: version 1.
  await page.goto(`${site.base}/admin/campaigns/${KEY}`);
  await page.getByRole('button', { name: '结束评议' }).click();
  await page.getByRole('button', { name: '结束评议' }).click();
  await expect.poll(() => status(page)).toBe('closed');
  // Voting is over: the on-site screen refuses, and shows no QR code.
  await page.goto(`${site.base}/admin/campaigns/${KEY}/session`);
  await page.getByTestId('session-refused').getByText('活动的评议已经结束').waitFor();
  expect(await page.locator('.qr').count()).toBe(0);
  await page.goto(`${site.base}/admin/campaigns/${KEY}`);
  await tab(page, '评议结果');
  await page.getByTestId('published-version').getByText('尚未公布。').waitFor();
  await page.getByRole('button', { name: '公布结果' }).click();
  await page.getByRole('button', { name: '公布结果' }).click();
  await page.getByText('已公布第 1 版结果。').waitFor();
  await expect.poll(() => page.getByTestId('published-version').innerText()).toContain('已公布第 1 版');
  await expect.poll(() => status(page)).toBe('published');

  // The queue board is the server's page, loaded whole (the router lets it go).
  const queues = page.getByRole('link', { name: '任务队列' }).first();
  await Promise.all([page.waitForURL(`${site.base}/admin/queues`), queues.click()]);
  await page.waitForLoadState();
  expect(await page.locator('#main').count()).toBe(0);

  expect(problems).toEqual([]);
  await context.close();
});

it('sends a phone whose session ended back to the login form', async () => {
  // Its own session (logging out the harness's shared one would lock the other tests out).
  const { context, page } = await site.page({ viewport: PHONE, locale: 'en' });
  expect((await context.request.post(`${site.base}/api/v1/auth/login`, { data: { username: 'admin', password: 'test-admin-password' } })).status()).toBe(200);
  await page.goto(`${site.base}/admin`);
  await page.getByRole('heading', { name: 'Appraisals' }).waitFor();
  // Log out in another tab: the next call answers 401 and the page goes to the form.
  await context.request.post(`${site.base}/api/v1/auth/logout`);
  await page.getByRole('link', { name: 'Audit trail' }).click();
  await page.waitForURL(/\/admin\/login\?next=%2Fadmin%2Faudit/);
  await page.getByRole('heading', { name: 'Log in' }).waitFor();
  // Nothing is wider than the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await context.close();
});

it('enters scores by pasting a column and by CSV with a preview, keeps their history, and vetoes a unit', async () => {
  const next = structuredClone(EXAMPLE_SPEC);
  Object.assign(next, { key: 'scores-2026' });
  expect((await site.h.admin({ method: 'POST', url: '/api/v1/campaigns/import', payload: next })).statusCode).toBe(201);
  const { context, page } = await site.page({ viewport: DESKTOP, locale: 'zh-CN', admin: true });
  await page.goto(`${site.base}/admin/campaigns/scores-2026/scores`);
  await page.locator('tr[data-unit]').first().waitFor();

  // A column copied from a spreadsheet: one line per unit, in table order; a blank line skips one.
  await page.locator('#paste').fill('90\n\n88.5\n１００\n');
  await page.getByRole('button', { name: '填入表格' }).click();
  await page.getByText('已填入 3 个分数').waitFor();
  await page.getByRole('button', { name: '保存 3 个分数' }).click();
  await page.getByText('已保存 3 个分数').waitFor();
  const current = (unit: string) => page.locator(`tr[data-unit="${unit}"] td.num strong`).innerText();
  expect(await current(UNITS[0])).toBe('90');
  expect(await current(UNITS[1])).toBe('—');
  expect(await current(UNITS[3])).toBe('100');

  // A CSV: the preview says what changes, nothing is stored until confirmed.
  await page.locator('#csv-text').fill(`unit,score,note\n${UNITS[0]},92,复核\n${UNITS[1]},80,\n${UNITS[2]},88.5,\n`);
  await page.getByRole('button', { name: '预览变化' }).click();
  const preview = page.locator('section.preview');
  await preview.getByText('2 个分数将改变，1 个与当前相同。').waitFor();
  expect(await preview.locator('tbody tr').allInnerTexts()).toEqual([expect.stringMatching(/90\s+92\s+提高 \+2/), expect.stringMatching(/—\s+80\s+首次录入/)]);
  expect(await current(UNITS[0])).toBe('90');
  await page.getByRole('button', { name: '确认导入 2 个分数' }).click();
  await page.getByText('已导入 2 个分数').waitFor();
  await expect.poll(() => current(UNITS[0])).toBe('92');

  // A bad CSV names the line, in the page's language; nothing stored.
  await page.locator('#csv-text').fill(`unit,score\n${UNITS[0]},120\nnope,80\n`);
  await page.getByRole('button', { name: '预览变化' }).click();
  const details = page.getByTestId('error-details');
  await details.waitFor();
  expect(await details.locator('li').allInnerTexts()).toEqual(['第 2 行：分数“120”无效，应为 0–100，最多 4 位小数。', '第 3 行：本活动没有标识为“nope”的被评对象。']);

  // A file saved by Chinese Excel (GB18030) reads as it was written, not as U+FFFD.
  const gb18030 = Buffer.concat([Buffer.from(`unit,score,note\n${UNITS[0]},92,`), Buffer.from([0xbc, 0xbe, 0xb6, 0xc8, 0xbf, 0xbc, 0xba, 0xcb]), Buffer.from('\n')]);
  await page.locator('#csv-file').setInputFiles({ name: '分数.csv', mimeType: 'text/csv', buffer: gb18030 });
  await expect.poll(() => page.locator('#csv-text').inputValue()).toBe(`unit,score,note\n${UNITS[0]},92,季度考核\n`);

  // Every entry is kept: the first unit's history, newest first.
  await page.locator(`tr[data-unit="${UNITS[0]}"]`).getByRole('button', { name: /2 次/ }).click();
  const history = page.locator('tr.history li');
  await expect.poll(() => history.count()).toBe(2);
  expect(await history.first().innerText()).toMatch(/^92 · .* · admin · CSV 导入 · 复核$/);

  // A veto with its reason, then lifted.
  await page.getByRole('navigation', { name: '活动管理栏目' }).getByRole('link', { name: '一票否决' }).click();
  await page.getByText('本活动没有一票否决的单位。').waitFor();
  await page.getByLabel('被评对象').selectOption(UNITS[4]);
  await page.getByLabel('原因').fill('发生严重违纪问题');
  await page.getByRole('button', { name: '一票否决', exact: true }).click();
  const veto = page.locator(`tr[data-unit="${UNITS[4]}"]`);
  await veto.getByText('发生严重违纪问题').waitFor();
  await veto.getByRole('button', { name: '撤销' }).click();
  await veto.getByRole('button', { name: '撤销' }).click();
  await page.getByText('本活动没有一票否决的单位。').waitFor();
  await context.close();
});

it('shows a large batch filling up in the background until it is ready', async () => {
  // A batch whose only code is spent is "used up", not "ready", and offers no sheet to print.
  const spent = await issueCodes(site.h, 'scores-2026', 'survey', 'citizens', 1);
  await site.h.admin({ method: 'POST', url: '/api/v1/campaigns/scores-2026/codes/void', payload: { code: spent.codes[0], reason: 'lost' } });
  const { context, page } = await site.page({ viewport: DESKTOP, locale: 'en', admin: true });
  await page.goto(`${site.base}/admin/campaigns/scores-2026/codes`);
  const usedUp = page.locator(`tr[data-batch="${spent.batchId}"]`);
  await usedUp.getByText('Used up', { exact: true }).waitFor();
  expect(await usedUp.getByText('Ready', { exact: true }).count()).toBe(0);
  expect(await usedUp.getByRole('link', { name: 'Print QR codes' }).count()).toBe(0);
  await page.getByLabel('How many').fill('25000');
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  // The new batch by its size: until the answer comes back, the first row is still the used-up one.
  const row = page.locator('tr[data-batch]').filter({ hasText: '25,000' });
  await row.waitFor();
  // Over 20,000: made by the worker a chunk at a time, so the answer is "generating"; the page asks until it is ready.
  expect(await row.innerText()).toMatch(/Generating [\d,]+\/25,000/);
  await row.getByText('Ready', { exact: true }).waitFor({ timeout: 90_000 });
  expect(await row.innerText()).toContain('25,000');
  // 25,000 codes print in pages of 480.
  expect(await row.locator('select option').count()).toBe(53);
  await context.close();
});
