// The results pages in real Chromium: the public index, one campaign's
// published results with versions, the method page's worked example, and the
// evaluators' board with its charts, drill-down, exports and print layout.
// Screenshots of every page go to docs/screenshots (phone and desktop, zh-CN and en).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { DESKTOP, LANGS, PHONE, VIEWS, openSite, snap, type Site } from './browser.js';
import { seedResults } from './results-seed.js';
import { firstLogin } from '../integration/harness.js';

let site: Site;
let current: string;

beforeAll(async () => {
  site = await openSite();
  await site.h.startWorker();
  ({ current } = await seedResults(site.h));
});
afterAll(() => site?.close());

// Every page a test opened is closed after it, failed or not.
const opened: BrowserContext[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close().catch(() => {})));
});
async function newPage(opts: Parameters<Site['page']>[0]) {
  const p = await site.page(opts);
  opened.push(p.context);
  return p;
}


/** Every chart on the page drawn (Chart.js loaded, canvases sized). */
async function chartsDrawn(page: Page) {
  await page.waitForFunction(() => {
    const canvases = [...document.querySelectorAll('.chart canvas')] as HTMLCanvasElement[];
    return canvases.length > 0 && canvases.every((c) => c.width > 0) && !document.querySelector('.chart .loading');
  });
}

async function open(path: string, opts: { viewport: { width: number; height: number }; locale: 'zh-CN' | 'en'; admin?: boolean }) {
  const { context, page } = await newPage(opts);
  await page.goto(site.base + path);
  return { context, page };
}

describe('public results', () => {
  it('lists the published campaigns, newest first, with a receipt check', async () => {
    const { page } = await open('/results', { viewport: PHONE, locale: 'zh-CN' });
    const links = page.locator('.campaigns a');
    await expect.poll(() => links.count()).toBe(2);
    expect(await links.first().innerText()).toContain('2026年度');
    expect(await links.first().innerText()).toContain('第 2 版');
    await page.fill('#results-receipt', 'ABCD2345EFG');
    await page.click('#results-receipt ~ button');
    await page.waitForURL(/\/r\/ABCD2345EFG|\/results/);
  });

  it('shows top and bottom lists, every composite and warning, versions and open data', async () => {
    const { page } = await newPage({ viewport: PHONE, locale: 'zh-CN' });
    const scripts: string[] = [];
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(r.url()));
    await page.goto(`${site.base}/results/${current}`);
    await page.getByRole('heading', { level: 1, name: '2026年度“万人评机关”民主评议' }).waitFor();
    // The chart library is the board's alone: the public page never downloads it.
    expect(scripts.some((u) => u.includes('/assets/results-'))).toBe(true);
    expect(scripts.filter((u) => u.includes('/assets/charts-'))).toEqual([]);
    const text = await page.locator('main').innerText();
    expect(text).toContain('年度主题：优化营商环境 提升服务效能');
    expect(text).toContain('第 2 版');
    expect(text).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）/);
    expect(text).toContain('前列（前 1 名）');
    expect(text).toContain('一票否决');
    expect(text).toContain('有效评价不足，暂不排名');
    // No board-only figures on the public page.
    expect(text).not.toContain('计入答卷');
    expect(text).not.toContain('否决理由');
    expect(await page.locator('a[href$="open-data.csv?version=2"]').count()).toBe(1);
    expect(await page.locator('a[href$="open-data.json?version=2"]').count()).toBe(1);

    // An earlier version, chosen from the list, is said to be one.
    await page.selectOption('.versions select', '1');
    await page.waitForURL(/version=1/);
    await page.getByText('您正在查看的是旧版本').waitFor();
  });

  it('works one unit through from the open data and finds every published figure', async () => {
    const { page } = await open(`/results/${current}/method`, { viewport: PHONE, locale: 'zh-CN' });
    await page.getByText(/与公布的综合得分 [\d.]+ 一致/).waitFor();
    await page.getByText(/复算了全部 8 个被评对象/).waitFor();
    // Each ballot-fed component with its questionnaire's group weights; the mid-year evaluation lists none.
    const weights = await page.locator('.rules .values').nth(1).innerText();
    expect(weights).toContain('年中汇报测评：办事群众 50 · 企业代表 30 · 人大代表、政协委员 20（活动统一权重）');
    expect(weights).toContain('质询评议：人大代表、政协委员 40 · 办事群众 60');
    expect(weights).not.toContain('质询评议：人大代表、政协委员 40 · 办事群众 60（');
    expect(weights).toContain('社会调查：办事群众 50 · 企业代表 30 · 人大代表、政协委员 20');
    expect(await page.locator('code').first().innerText()).toMatch(/^\(.+\) ÷ \d+ = [\d.]+…?$/);
    // Another unit: one with too few ratings says why it has no composite.
    await page.selectOption('.pick select', 'w-yb');
    await page.getByText('该单位没有综合得分').waitFor();
  });
});

describe('results board', () => {
  it('sends a reader without a session to sign in, with the way back', async () => {
    const { page } = await open(`/results/board/${current}`, { viewport: DESKTOP, locale: 'zh-CN' });
    await page.waitForURL(/\/admin\/login\?next=/);
    expect(decodeURIComponent(new URL(page.url()).searchParams.get('next') ?? '')).toBe(`/results/board/${current}`);
  });

  it('shows every category with its table, charts, exports and the units not ranked', async () => {
    const { context, page } = await open(`/results/board/${current}`, { viewport: DESKTOP, locale: 'zh-CN', admin: true });
    await page.getByRole('heading', { level: 2, name: '机关处室' }).waitFor();
    await chartsDrawn(page);
    const table = page.locator('table.rank').first();
    expect(await table.locator('thead').innerText()).toMatch(/名次[\s\S]*综合得分[\s\S]*日常考评[\s\S]*权重 30%[\s\S]*预警[\s\S]*连续末位/);
    const vetoed = table.locator('tr.vetoed');
    expect(await vetoed.innerText()).toContain('否决理由：发生严重违纪问题，被上级通报');
    expect(await vetoed.innerText()).toContain('红色预警');
    expect(await page.locator('.insufficient').innerText()).toContain('“年中汇报测评”有效评价 0 条，不足规定的 6 条');
    // Three charts per category: ranking, distribution, trend.
    expect(await page.locator('.chart canvas').count()).toBe(6);
    const xlsx = await page.locator('a', { hasText: '导出 Excel' }).getAttribute('href');
    expect(xlsx).toBe(`/api/v1/campaigns/${current}/results/export?format=xlsx&lang=zh-CN`);
    const res = await context.request.get(site.base + xlsx!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('spreadsheetml');
  });

  it('is open to an evaluator of this campaign, and hidden from other evaluators', async () => {
    const cookieOf = async (username: string, campaigns: string[]) => {
      const invited = await site.h.admin({ method: 'POST', url: '/api/v1/users', payload: { username, role: 'evaluator', campaigns } });
      const [name, value] = (await firstLogin(site.h, username, invited.json().password)).split('=');
      return { name, value, url: site.base };
    };
    const { context, page } = await newPage({ viewport: PHONE, locale: 'en' });
    await context.addCookies([await cookieOf('evaluator-2026', [current])]);
    await page.goto(`${site.base}/results/board/${current}`);
    await page.getByRole('heading', { level: 2, name: '服务窗口' }).waitFor();
    expect(await page.locator('.insufficient').innerText()).toContain('has 0 valid ratings, fewer than the 6 required');

    await context.clearCookies();
    await context.addCookies([await cookieOf('evaluator-other', ['nantong-2025'])]);
    await page.goto(`${site.base}/results/board/${current}`);
    await page.getByRole('heading', { name: 'The results cannot be shown' }).waitFor();
    // The same words as a campaign that does not exist, whichever of the board's two reads answers first.
    expect(await page.locator('main').innerText()).toContain('This appraisal was not found.');
  });

  it('drills down into one unit: components by group, distribution, problems, trend', async () => {
    const { page } = await open(`/results/board/${current}`, { viewport: DESKTOP, locale: 'zh-CN', admin: true });
    await page.getByRole('link', { name: '不动产登记窗口' }).first().click();
    await page.waitForURL(/\/unit\/w-bdc$/);
    await page.getByRole('heading', { level: 1, name: '不动产登记窗口' }).waitFor();
    await chartsDrawn(page);
    const text = await page.locator('main').innerText();
    expect(text).toContain('各评议主体平均分');
    expect(text).toContain('办事群众');
    expect(text).toContain('推诿扯皮、推拖绕');
    expect(await page.locator('th[title="2025年度“万人评机关”民主评议"]').innerText()).toBe('2025');
  });
});

describe('screenshots', () => {
  for (const v of VIEWS) {
    for (const l of LANGS) {
      it(`of every results page, ${v.name} ${l.name}`, async () => {
        const { page } = await newPage({ viewport: v.viewport, locale: l.locale, admin: true });
        const go = (path: string) => page.goto(site.base + path);

        await go('/results');
        await page.locator('.campaigns a').first().waitFor();
        await snap(page, `results-index-${v.name}-${l.name}`);

        await go(`/results/${current}`);
        await page.locator('.category').first().waitFor();
        await snap(page, `results-public-${v.name}-${l.name}`);

        await go(`/results/${current}/method`);
        await page.locator('.steps').waitFor();
        await snap(page, `results-method-${v.name}-${l.name}`);

        await go(`/results/board/${current}`);
        await page.locator('table.rank').first().waitFor();
        await chartsDrawn(page);
        await snap(page, `results-board-${v.name}-${l.name}`);

        await go(`/results/board/${current}/unit/w-bdc`);
        await page.locator('.facts').waitFor();
        await chartsDrawn(page);
        await snap(page, `results-unit-${v.name}-${l.name}`);

        if (v.name === 'desktop' && l.name === 'zh') {
          // What the printer gets: no site bar or buttons, black text, patterned bars.
          await go(`/results/board/${current}`);
          await page.locator('table.rank').first().waitFor();
          await page.emulateMedia({ media: 'print' });
          await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
          await chartsDrawn(page);
          expect(await page.locator('header.site').isVisible()).toBe(false);
          // Each category after the first starts a new page.
          expect(await page.locator('section.category').evaluateAll((els) => els.map((e) => getComputedStyle(e).breakBefore))).toEqual(['auto', 'page']);
          await snap(page, 'results-board-print-zh');
        }
      });
    }
  }
});
