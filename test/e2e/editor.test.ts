// The campaign editor in real Chromium: from the Nantong template, paste 20
// units from a spreadsheet, see a problem in Chinese next to its field and
// fix it, preview the voter's page, open voting with confirmation, vote with
// a code, compare the exported file with the one the editor showed, copy the
// campaign for next year (keys kept), and see the structure locked after the
// first ballot. Then every editor screen, phone and desktop, zh and en, into
// docs/screenshots/editor-<screen>-<view>-<lang>.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { issueCodes } from '../integration/harness.js';
import { DESKTOP, LANGS, PHONE, VIEWS, openSite, settled, shot, type Site } from './browser.js';

let site: Site;
beforeAll(async () => {
  site = await openSite();
  await site.h.startWorker();
});
afterAll(() => site?.close());

// 20 rows as a spreadsheet copies them: a header, categories by name (and one by key), codes for some.
const ROWS = [
  '单位名称\t类别\t编码',
  ...Array.from({ length: 10 }, (_, i) => `市第${i + 1}处室\t被评处室\t${i < 5 ? `d-new-${i + 1}` : ''}`),
  ...Array.from({ length: 9 }, (_, i) => `第${i + 1}号窗口\t被评窗口\t`),
  '综合受理窗口\twindows\tw-zh',
].join('\n');

const section = (page: Page, name: string) => page.getByRole('navigation', { name: /设置分节|Set-up sections/ }).getByRole('link', { name: new RegExp(`^${name}`) }).click();
const saved = (page: Page) => page.locator('[data-testid=save-state][data-state=saved]').waitFor({ timeout: 15_000 });
const draftId = (page: Page) => Number(/\/admin\/editor\/(\d+)/.exec(page.url())![1]);

async function draftFile(id: number) {
  const res = await site.h.admin({ method: 'GET', url: `/api/v1/campaign-drafts/${id}` });
  expect(res.statusCode).toBe(200);
  return res.json() as { file: { key: string; year: number; units: { key: string; name: string; category: string }[] }; campaign: { frozen: boolean } | null };
}

describe('the campaign editor', () => {
  let key = '';
  let shownFile = '';

  it('sets up a campaign from a template, opens it, and a voter votes', async () => {
    const { context, page } = await site.page({ viewport: DESKTOP, locale: 'zh-CN', admin: true });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto(`${site.base}/admin`);
    await page.getByRole('link', { name: '新建活动' }).first().click();
    await page.waitForURL(/\/admin\/editor$/);
    await page.locator('button[data-template=nantong]').click();
    await page.waitForURL(/\/admin\/editor\/\d+$/);
    const id = draftId(page);
    await page.getByRole('heading', { level: 1 }).filter({ hasText: '专项评议' }).waitFor();

    // 20 units pasted from a spreadsheet.
    await section(page, '单位');
    await page.getByText('从表格粘贴或导入 XLSX').click();
    // A row that cannot be read is said by its number, in Chinese, and left in the box to fix.
    await page.locator('#unit-paste').fill('某局\t不存在的类别');
    await page.getByRole('button', { name: '读取粘贴内容' }).click();
    expect(await page.getByTestId('paste-issues').innerText()).toBe('第 1 行：没有名称或编码为“不存在的类别”的类别，请先在“类别”中添加。');
    expect(await page.locator('#unit-paste').inputValue()).toBe('某局\t不存在的类别');
    await page.locator('#unit-paste').fill(ROWS);
    await page.getByRole('button', { name: '读取粘贴内容' }).click();
    await page.getByText('已新增 20 个单位，更新 0 个单位。').waitFor();
    await saved(page);
    const units = (await draftFile(id)).file.units;
    expect(units).toHaveLength(8 + 20);
    expect(units.filter((u) => /^u\d{3}$/.test(u.key))).toHaveLength(14);
    expect(units.find((u) => u.key === 'w-zh')).toEqual({ key: 'w-zh', name: '综合受理窗口', category: 'windows' });

    // The units out as XLSX and back in: every row is a unit the draft has, so each is updated, none added.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出为 XLSX' }).click()]);
    await page.locator('#unit-xlsx').setInputFiles((await download.path())!);
    await page.getByText('已新增 0 个单位，更新 28 个单位。').waitFor();

    // A problem shows next to its field, in Chinese, and goes when fixed.
    const name = page.locator('[data-path="units[9].name"]');
    await name.locator('input').fill('');
    await expect.poll(() => name.getByTestId('field-issues').innerText()).toContain('不能为空。');
    expect(await page.getByTestId('issue-count').innerText()).toContain('还有 1 个问题');
    expect(await page.getByRole('button', { name: '保存活动' }).isDisabled()).toBe(true);
    await name.locator('input').fill('市第二处室');
    await expect.poll(() => name.getByTestId('field-issues').count()).toBe(0);

    // Weights show their sum as typed.
    await section(page, '评分构成');
    const weight = page.locator('[data-path="components[0].weight"] input');
    await weight.fill('31');
    await expect.poll(() => page.getByTestId('weight-sum').innerText()).toContain('权重合计：101');
    expect(await page.locator('.list-issues li[data-code=WEIGHTS_NOT_100]').innerText()).toContain('各考评构成的权重合计为 101，应为 100。');
    await weight.fill('30');
    await expect.poll(() => page.getByTestId('weight-sum').innerText()).toContain('等于 100');
    expect(await page.getByTestId('issue-count').innerText()).toContain('没有问题');

    // The preview draws the voter's page from the draft.
    const preview = page.getByTestId('preview');
    await preview.getByText('综合受理窗口').waitFor();
    expect(await preview.locator('.face').first().innerText()).toBe('满意');

    // The file the editor shows is what the campaign will export.
    await saved(page);
    await section(page, '配置文件');
    shownFile = await page.getByTestId('file-text').inputValue();
    key = JSON.parse(shownFile).key;

    // Opening asks first, and says what happens.
    await page.getByRole('button', { name: '开放评议…' }).click();
    await page.getByText('评议码即可使用').waitFor();
    await page.getByRole('button', { name: '确认开放' }).click();
    await page.waitForURL(new RegExp(`/admin/campaigns/${key}\\?imported=created`));
    await expect.poll(() => page.locator('.campaign-head [data-status]').getAttribute('data-status')).toBe('open');

    const exported = await site.h.admin({ method: 'GET', url: `/api/v1/campaigns/${key}/spec` });
    expect(exported.body).toBe(shownFile);
    expect(errors).toEqual([]);
    await context.close();

    // A voter votes on a pasted unit with a code.
    const { codes } = await issueCodes(site.h, key, 'survey', 'citizens', 1);
    const voter = await site.page({ viewport: PHONE, locale: 'zh-CN' });
    await voter.page.goto(`${site.base}/v/${codes[0]}`);
    const unit = voter.page.locator('fieldset.unit', { hasText: '综合受理窗口' });
    await unit.getByText('满意', { exact: true }).click();
    await voter.page.getByRole('button', { name: '提交答卷' }).click();
    await voter.page.getByRole('heading', { name: '提交成功，感谢您的参与！' }).waitFor();
    await voter.context.close();
  });

  it('copies the campaign for next year with its keys, and locks the voted one’s structure', async () => {
    const { context, page } = await site.page({ viewport: DESKTOP, locale: 'zh-CN', admin: true });
    await page.goto(`${site.base}/admin`);
    const card = page.locator(`li.campaign[data-key="${key}"]`);
    await card.getByRole('button', { name: '复制为下一年' }).click();
    await page.waitForURL(/\/admin\/editor\/\d+$/);
    const copy = await draftFile(draftId(page));
    const original = JSON.parse(shownFile);
    expect(copy.file.year).toBe(original.year + 1);
    expect(copy.file.key).not.toBe(original.key);
    expect(copy.file.units.map((u) => u.key)).toEqual(original.units.map((u: { key: string }) => u.key));
    await page.getByTestId('issue-count').waitFor();

    // Saved elsewhere in between: nothing is overwritten, the editor says so and reloads the other version.
    const id = draftId(page);
    const current = (await site.h.admin({ method: 'GET', url: `/api/v1/campaign-drafts/${id}` })).json();
    const elsewhere = await site.h.admin({ method: 'PUT', url: `/api/v1/campaign-drafts/${id}`, payload: { file: { ...current.file, theme: '别处改的主题' }, revision: current.revision } });
    expect(elsewhere.statusCode).toBe(200);
    await page.locator('[data-path=name] input').fill('本页改的名称');
    await page.getByText('这份草稿已在别处').waitFor();
    expect(await page.getByTestId('save-state').getAttribute('data-state')).toBe('conflict');
    expect((await draftFile(id)).file).toMatchObject({ theme: '别处改的主题', name: current.file.name });
    await page.getByRole('button', { name: '重新载入最新版本' }).click();
    await expect.poll(() => page.locator('[data-path=theme] input').inputValue()).toBe('别处改的主题');

    // The opened campaign has a ballot: only names and texts stay editable.
    await page.goto(`${site.base}/admin`);
    await page.locator(`li.campaign[data-key="${key}"]`).getByRole('button', { name: '编辑设置' }).click();
    await page.waitForURL(/\/admin\/editor\/\d+$/);
    await page.getByTestId('frozen').waitFor();
    expect(await page.getByTestId('frozen').innerText()).toContain('1 份答卷');
    expect(await page.locator('[data-path=key] input').isDisabled()).toBe(true);
    expect(await page.locator('[data-path=year] input').isDisabled()).toBe(true);
    expect(await page.locator('[data-path=name] input').isDisabled()).toBe(false);
    await section(page, '单位');
    expect(await page.locator('[data-path="units[0].category"] select').isDisabled()).toBe(true);
    expect(await page.locator('[data-path="units[0].name"] input').isDisabled()).toBe(false);
    expect(await page.getByRole('button', { name: '撤销' }).count()).toBe(0);
    await context.close();
  });
});

// Every editor screen, for the eye: a draft from the Nantong template with one
// problem left in it (a unit's empty name), so the problem display shows too.
const SECTIONS = ['basics', 'phases', 'categories', 'units', 'groups', 'components', 'questionnaires', 'rules', 'file'] as const;

describe.each(VIEWS)('$name', ({ name: view, viewport }) => {
  it.each(LANGS)('every editor screen in $name', async ({ name: lang, locale }) => {
    const made = await site.h.admin({ method: 'POST', url: '/api/v1/campaign-drafts', payload: { from: 'template', template: 'nantong' } });
    expect(made.statusCode).toBeLessThan(300);
    const { id, file, revision } = made.json();
    file.units[1].name = '';
    file.components[0].weight = 35;
    const put = await site.h.admin({ method: 'PUT', url: `/api/v1/campaign-drafts/${id}`, payload: { file, revision } });
    expect(put.statusCode).toBe(200);

    const { context, page } = await site.page({ viewport, locale, admin: true });
    await page.goto(`${site.base}/admin/editor`);
    await settled(page, 'button[data-template]');
    await shot(page, `editor-start-${view}-${lang}`, viewport.width);
    for (const s of SECTIONS) {
      await page.goto(`${site.base}/admin/editor/${id}${s === 'basics' ? '' : `/${s}`}`);
      await settled(page, '#section-title');
      if (s === 'units') await page.locator('details.paste summary').click();
      await shot(page, `editor-${s}-${view}-${lang}`, viewport.width);
    }
    if (viewport.width === PHONE.width) {
      await page.locator('.preview-toggle').click();
      await page.getByTestId('preview').locator('.face').first().waitFor();
      await shot(page, `editor-preview-${view}-${lang}`, viewport.width);
    }
    await context.close();
  });
});
