// The app's Content-Security-Policy in real Chromium: enforced (an injected
// inline script is refused and reported), and the voter's pages, the console
// (with its QR code) and the results board (with its charts) run under it
// without a single violation. Every other e2e file is held to the same rule by
// openSite (test/e2e/browser.ts), which fails on any violation of any page.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { EXAMPLE_SPEC, issueCodes, openCampaign } from '../integration/harness.js';
import { DESKTOP, PHONE, openSite, type Site } from './browser.js';
import { seedResults } from './results-seed.js';

const VOTE_KEY = 'csp-vote';
let site: Site;
let current: string;
let codes: string[];

beforeAll(async () => {
  site = await openSite();
  await site.h.startWorker();
  ({ current } = await seedResults(site.h));
  await openCampaign(site.h, { ...EXAMPLE_SPEC, key: VOTE_KEY });
  ({ codes } = await issueCodes(site.h, VOTE_KEY, 'survey', 'citizens', 2));
});
afterAll(() => site?.close());

const opened: BrowserContext[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close().catch(() => {})));
});
async function open(path: string, opts: Parameters<Site['page']>[0]): Promise<Page> {
  const { context, page } = await site.page(opts);
  opened.push(context);
  const res = await page.goto(site.base + path);
  const csp = res!.headers()['content-security-policy'];
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(res!.headers()['referrer-policy']).toBe('no-referrer');
  return page;
}

describe('the Content-Security-Policy', () => {
  it('is enforced: an injected inline script does not run and is reported', async () => {
    const page = await open('/v', { viewport: PHONE });
    await page.locator('#vote-code').waitFor();
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true';
      document.body.append(s);
    });
    await expect.poll(() => site.cspViolations.length).toBeGreaterThan(0);
    expect(site.cspViolations[0]).toMatch(/^\/v script-src-elem blocked inline/);
    expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
    site.cspViolations.length = 0; // that one was ours
  });

  it('lets a voter rate, submit and read the receipt without a violation', async () => {
    const page = await open(`/v/${codes[0]}`, { viewport: PHONE });
    const units = page.locator('fieldset.unit');
    await units.first().waitFor();
    for (let i = 0; i < (await units.count()); i++) await units.nth(i).locator('label.opt').first().click();
    await page.getByRole('button', { name: '提交答卷' }).click();
    await page.getByRole('heading', { name: '提交成功，感谢您的参与！' }).waitFor();
    const receipt = (await page.locator('.receipt .code').innerText()).replace(/-/g, '');
    await page.goto(`${site.base}/r/${receipt}`);
    await page.locator('main').getByText(receipt.slice(0, 4)).first().waitFor();
    expect(site.cspViolations).toEqual([]);
  });

  it('lets the console work, QR screen included, without a violation', async () => {
    const page = await open(`/admin/campaigns/${VOTE_KEY}`, { viewport: DESKTOP, admin: true });
    await page.locator('.campaign-head [data-status]').waitFor();
    await page.goto(`${site.base}/admin/campaigns/${VOTE_KEY}/session`);
    await expect.poll(() => page.locator('.qr svg').count()).toBe(1);
    await page.goto(`${site.base}/admin/audit`);
    await page.getByRole('heading', { name: '操作日志' }).waitFor();
    expect(site.cspViolations).toEqual([]);
  });

  it('lets the results board draw its charts, and the public results show, without a violation', async () => {
    const page = await open(`/results/board/${current}`, { viewport: DESKTOP, admin: true });
    await page.waitForFunction(() => {
      const canvases = [...document.querySelectorAll('.chart canvas')] as HTMLCanvasElement[];
      return canvases.length > 0 && canvases.every((c) => c.width > 0) && !document.querySelector('.chart .loading');
    });
    await page.goto(`${site.base}/results/${current}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(site.cspViolations).toEqual([]);
  });

  it('keeps the console out of a foreign frame', async () => {
    const { context, page } = await site.page({ viewport: DESKTOP, admin: true });
    opened.push(context);
    await page.setContent(`<iframe src="${site.base}/admin"></iframe>`);
    const frame = page.frames()[1];
    await frame.waitForLoadState();
    // The browser shows its own error page in place of the console.
    expect(await frame.locator('#app').count()).toBe(0);
  });
});
