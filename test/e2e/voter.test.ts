// A voter on a phone, in real Chromium against the real app: a real code,
// every unit rated by tapping, a problem ticked, a comment, submit, the
// receipt; the same code again is refused; a typo is caught by the check
// character. Then accessibility (axe-core, WCAG 2 A/AA) of the three pages,
// the first render under a slow-4G / 4×-CPU profile (measured, printed, not
// asserted), the static shell the page paints before its script has run, and
// screenshots of the voter's pages in both languages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CODE_ALPHABET, formatCode } from '@minping/shared/codes';
import { EXAMPLE_SPEC, issueCodes, openCampaign } from '../integration/harness.js';
import { DESKTOP, PHONE, SCREENSHOTS, VIEWS, axeViolations, openSite, snap, type Site } from './browser.js';

const UNITS = EXAMPLE_SPEC.units.length as number;

let site: Site;
let codes: string[];

beforeAll(async () => {
  site = await openSite();
  await site.h.startWorker();
  const key = await openCampaign(site.h);
  ({ codes } = await issueCodes(site.h, key, 'survey', 'citizens', 12));
});
afterAll(() => site?.close());

/** Taps one option of every unit, ticks a problem on the first, writes a comment. */
async function fillBallot(page: Page) {
  const units = page.locator('fieldset.unit');
  await units.first().waitFor();
  expect(await units.count()).toBe(UNITS);
  for (let i = 0; i < UNITS; i++) {
    // 满意, 基本满意, 不满意, 不了解 in turn: the labels are the tap targets.
    await units.nth(i).locator('label.opt').nth(i % 4).click();
  }
  const first = units.first();
  await first.locator('summary').click();
  await first.locator('label.check').first().click();
  await page.fill('#comment', '窗口办事效率有提高，希望周末也能办理。');
}

/** The same code with one symbol changed to another valid one: only the check character can tell. */
function typo(code: string): string {
  const i = 5;
  const next = CODE_ALPHABET[(CODE_ALPHABET.indexOf(code[i]) + 1) % CODE_ALPHABET.length];
  return code.slice(0, i) + next + code.slice(i + 1);
}

describe('a voter on a phone', () => {
  it('rates every unit, ticks a problem, comments, submits and gets a receipt', async () => {
    const { context, page } = await site.page({ viewport: PHONE, locale: 'zh-CN' });
    await page.goto(`${site.base}/v/${codes[0]}`);
    await fillBallot(page);
    expect(await page.locator('.progress .count').innerText()).toBe(`已评 ${UNITS}/${UNITS}`);
    await page.getByRole('button', { name: '提交答卷' }).click();
    await page.getByRole('heading', { name: '提交成功，感谢您的参与！' }).waitFor();
    const receipt = await page.locator('.receipt .code').innerText();
    expect(receipt).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{3}$/);

    // The receipt page knows the ballot.
    await page.getByRole('link', { name: '查询答卷状态' }).click();
    await page.locator('.state-name').waitFor();
    expect(await page.locator('main').innerText()).toContain(formatCode(receipt.replace(/-/g, '')));
    await context.close();
  });

  it('is told the code was already used when it is opened again on another phone', async () => {
    const { context, page } = await site.page({ viewport: PHONE, locale: 'zh-CN' });
    await page.goto(`${site.base}/v/${codes[0]}`);
    await page.getByRole('heading', { name: '无法打开问卷' }).waitFor();
    expect(await page.locator('main').innerText()).toContain('这个评议码已经提交过答卷，每个评议码只能使用一次。');
    await context.close();
  });

  it('is told of a typo by the check character, before anything is sent', async () => {
    const { context, page } = await site.page({ viewport: PHONE, locale: 'zh-CN' });
    const sent: string[] = [];
    page.on('request', (r) => r.url().includes('/api/v1/vote/') && sent.push(r.url()));
    await page.goto(`${site.base}/v`);
    await page.fill('#vote-code', typo(codes[1]).toLowerCase());
    await page.getByText('评议码有误：可能有一位输错，或相邻两位顺序颠倒。请逐位核对。').waitFor();
    await page.getByRole('button', { name: '开始评议' }).click();
    expect(page.url()).toBe(`${site.base}/v`);
    expect(sent).toEqual([]);
    await context.close();
  });
});

describe('accessibility (axe-core, WCAG 2 A and AA)', () => {
  it('finds no serious or critical violation on the code entry, the ballot and the thank-you page', async () => {
    const { context, page } = await site.page({ viewport: PHONE, locale: 'zh-CN' });
    await page.goto(`${site.base}/v`);
    await page.locator('#vote-code').waitFor();
    expect(await axeViolations(page), 'code entry').toEqual([]);

    await page.goto(`${site.base}/v/${codes[2]}`);
    await page.locator('fieldset.unit').first().waitFor();
    expect(await axeViolations(page), 'ballot (empty)').toEqual([]);
    await fillBallot(page);
    expect(await axeViolations(page), 'ballot (filled, problems open)').toEqual([]);

    await page.getByRole('button', { name: '提交答卷' }).click();
    await page.locator('.thanks').waitFor();
    await page.locator('#followup-phone').waitFor();
    expect(await axeViolations(page), 'thank-you').toEqual([]);
    await context.close();
  });
});

describe('large text on a small phone', () => {
  // Android's font size and WeChat's 字体大小 scale the page's text; the voter
  // page sizes everything in rem, so a 150% root font size is that setting.
  it('keeps every rating button whole at 150% text on a 360 px screen: no label broken mid-word, none overflowing or overlapping', async () => {
    const { context, page } = await site.page({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' });
    await context.addInitScript(() => document.addEventListener('DOMContentLoaded', () => (document.documentElement.style.fontSize = '150%')));
    await page.goto(`${site.base}/v/${codes[8]}`);
    await page.locator('fieldset.unit').first().waitFor();
    await page.evaluate(() => document.fonts.ready);
    const faces = await page.evaluate(() =>
      [...document.querySelectorAll('fieldset.unit')].flatMap((unit) =>
        [...unit.querySelectorAll<HTMLElement>('.face')].map((face) => {
          const range = document.createRange();
          range.selectNodeContents(face);
          const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
          const box = face.getBoundingClientRect();
          return { unit: unit.id, text: face.textContent, lines, overflows: face.scrollWidth > face.clientWidth, box: { left: box.left, right: box.right, top: box.top, bottom: box.bottom } };
        }),
      ),
    );
    expect(faces.length).toBe(UNITS * 4);
    expect(faces.filter((f) => f.lines !== 1 || f.overflows).map((f) => `${f.unit} ${f.text}: ${f.lines} lines${f.overflows ? ', overflows' : ''}`)).toEqual([]);
    expect(faces.every((f) => f.box.left >= 0 && f.box.right <= 360)).toBe(true);
    const overlap = (a: (typeof faces)[number]['box'], b: (typeof faces)[number]['box']) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
    expect(faces.some((a, i) => faces.some((b, j) => j > i && overlap(a.box, b.box)))).toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.locator('fieldset.unit').first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: `${SCREENSHOTS}/vote-ballot-text150-phone-zh.png` });
    await context.close();
  });
});

describe('first render on a slow phone', () => {
  it("asks for the questionnaire before Svelte, the voter's page and the stylesheets have arrived (src/early.ts runs on its own)", async () => {
    const { context, page } = await site.page({ viewport: PHONE, locale: 'zh-CN' });
    let asked!: () => void;
    const questionnaireAsked = new Promise<void>((resolve) => (asked = resolve));
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/v1/vote/')) asked();
    });
    // The chunk with Svelte and the ballot form, and the stylesheets (which a deferred script waits
    // for), are held back until the questionnaire is asked for (30 s at most: a loaded machine).
    const held: Record<string, boolean> = {};
    await page.route(/\/assets\/[^/]*\.(js|css)$/, async (route) => {
      const file = new URL(route.request().url()).pathname.replace(/^.*\/|-[\w-]{8}\./g, '.').slice(1);
      if (/^voter-page\.js$|\.css$/.test(file)) held[file] = await Promise.race([questionnaireAsked.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 30_000))]);
      await route.continue();
    });
    await page.goto(`${site.base}/v/${codes[9]}`);
    await page.locator('fieldset.unit').first().waitFor();
    expect(held).toMatchObject({ 'voter-page.js': true, 'index.css': true, 'voter-page.css': true });
    expect(Object.values(held).every(Boolean)).toBe(true);
    await context.close();
  });

  it('renders the ballot under slow 4G and a 4× slower CPU (time printed, not asserted)', async () => {
    const { context, page } = await site.page({ viewport: PHONE, locale: 'zh-CN' });
    // When the first unit row appears, from the start of navigation.
    await context.addInitScript(() => {
      new MutationObserver((_m, obs) => {
        if (document.querySelector('fieldset.unit')) {
          (window as unknown as { firstUnitAt: number }).firstUnitAt = performance.now();
          obs.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    const cdp = await context.newCDPSession(page);
    // Lighthouse's "slow 4G" mobile profile: 150 ms RTT, 1.6 Mbps down, 750 kbps up, 4× CPU.
    const profile = { latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, ...profile });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });

    // The page itself asks for the vote chunk and its stylesheet (web/scripts/voter-first.ts); its
    // early script (src/early.ts) then asks for the questionnaire: once, not again from the ballot page.
    const asked: string[] = [];
    const order: string[] = [];
    page.on('request', (r) => {
      const { pathname } = new URL(r.url());
      if (pathname.startsWith('/api/v1/vote/')) asked.push(r.method()), order.push('questionnaire asked');
      if (/\/assets\/vote-[^/]*\.(js|css)$/.test(pathname)) order.push(`vote ${pathname.split('.').pop()} asked`);
    });
    await page.goto(`${site.base}/v/${codes[3]}`);
    await page.locator('fieldset.unit').first().waitFor({ timeout: 60_000 });
    expect(asked).toEqual(['GET']);
    expect(order.toSorted()).toEqual(['questionnaire asked', 'vote css asked', 'vote js asked']);
    expect(order.indexOf('questionnaire asked')).toBe(2);
    const timing = await page.evaluate(() => ({
      firstUnitMs: Math.round((window as unknown as { firstUnitAt: number }).firstUnitAt),
      fcpMs: Math.round(performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint')?.startTime ?? -1),
      transferKB: Math.round(
        (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).reduce((s, r) => s + r.transferSize, 0) / 102.4,
      ) / 10,
    }));
    console.log(JSON.stringify({ metric: 'voter.firstRender', profile: { ...profile, cpuSlowdown: 4 }, ...timing }));
    expect(await page.locator('fieldset.unit').count()).toBe(UNITS);
    await context.close();
  });
});

describe('the app shell', () => {
  it('is in the served page, painted without script at the header\'s height, and gone once the app has mounted', async () => {
    const html = await (await fetch(`${site.base}/v/${codes[8]}`)).text();
    expect(html).toMatch(/<div id="app">\s*<div class="shell"[^>]*>[^]*网上民调[^]*正在打开…[^]*Loading…/);

    // Its scripts held back (as before the entry chunk has run): the shell alone.
    for (const view of VIEWS) {
      const bare = await site.browser.newContext({ viewport: view.viewport });
      const page = await bare.newPage();
      await page.route(/\.js$/, (r) => r.abort());
      await page.goto(`${site.base}/v/${codes[8]}`);
      await page.locator('.shell-bar').waitFor();
      expect(await page.locator('#app').innerText()).toMatch(/网上民调[^]*正在打开…/);
      const shellHeight = (await page.locator('.shell-site').boundingBox())!.height;
      await snap(page, `vote-shell-${view.name}`);
      await bare.close();

      // With script: the app takes its place, its header no taller or shorter.
      for (const locale of ['zh-CN', 'en'] as const) {
        const { context, page: app } = await site.page({ viewport: view.viewport, locale });
        await app.goto(`${site.base}/v/${codes[8]}`);
        await app.locator('fieldset.unit').first().waitFor();
        expect(await app.locator('.shell').count()).toBe(0);
        expect(await app.locator('#app header.site').count()).toBe(1);
        // English's longer subtitle takes a second line on a phone: the shell, which cannot know the
        // language without script, keeps the height of the Chinese header most voters see.
        const height = (await app.locator('header.site').boundingBox())!.height;
        if (locale === 'zh-CN') expect(height).toBeCloseTo(shellHeight, 0);
        await context.close();
      }
    }
  });
});

describe('screenshots of the voter pages', () => {
  const runs = [
    { view: 'phone', viewport: PHONE, lang: 'zh', locale: 'zh-CN', code: 4 },
    { view: 'phone', viewport: PHONE, lang: 'en', locale: 'en', code: 5 },
    { view: 'desktop', viewport: DESKTOP, lang: 'zh', locale: 'zh-CN', code: 6 },
    { view: 'desktop', viewport: DESKTOP, lang: 'en', locale: 'en', code: 7 },
  ] as const;
  for (const r of runs) {
    it(`${r.view} ${r.lang}`, async () => {
      const { context, page } = await site.page({ viewport: r.viewport, locale: r.locale });
      const name = (page_: string) => `vote-${page_}-${r.view}-${r.lang}`;
      await page.goto(`${site.base}/v`);
      await page.locator('#vote-code').waitFor();
      await snap(page, name('entry'));

      await page.goto(`${site.base}/v/${codes[r.code]}`);
      await fillBallot(page);
      await page.evaluate(() => window.scrollTo(0, 0));
      await snap(page, name('ballot'));

      await page.locator('.submit button.primary').click();
      await page.locator('.thanks').waitFor();
      // The ballot has a comment: the follow-up offer (回访) comes in its own small chunk.
      await page.locator('#followup-phone').waitFor();
      await snap(page, name('thanks'));

      await page.locator('.thanks a.btn').click();
      await page.locator('.state-name').waitFor();
      await snap(page, name('receipt'));
      await context.close();
    });
  }
});
