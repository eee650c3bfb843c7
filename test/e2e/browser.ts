// Real Chromium (Debian's; test tools cannot download their own here) driving
// the real web build served by the real app on a test database.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createHarness, type Harness } from '../integration/harness.js';

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };
// Tests always take their screenshots; only `npm run screenshots` (UPDATE_SCREENSHOTS=1)
// writes them over the ones kept in docs/, so a test run leaves the tree clean.
export const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS
  ? path.resolve(import.meta.dirname, '../../docs/screenshots')
  : path.resolve(import.meta.dirname, '../../test-results/screenshots');
fs.mkdirSync(SCREENSHOTS, { recursive: true });
const WEB_DIST = path.resolve(import.meta.dirname, '../../web/dist');

export interface Site {
  h: Harness;
  base: string;
  browser: Browser;
  /** Content-Security-Policy violations reported by any page of the site (see cspWatch). */
  cspViolations: string[];
  page(opts?: { viewport?: { width: number; height: number }; locale?: 'zh-CN' | 'en'; admin?: boolean }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

export async function openSite(env: Record<string, string> = {}): Promise<Site> {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('web/dist is missing: run `npm run build -w web` first (npm test does)');
  const h = await createHarness({ WEB_DIST, ...env });
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(h.app.server.address() as { port: number }).port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
  });
  const cspViolations: string[] = [];
  return {
    h,
    base,
    browser,
    cspViolations,
    async page(opts = {}) {
      const context = await browser.newContext({ viewport: opts.viewport ?? PHONE, locale: opts.locale ?? 'zh-CN', deviceScaleFactor: 1 });
      await cspWatch(context, cspViolations);
      if (opts.locale) await context.addInitScript((l) => localStorage.setItem('minping.lang', l), opts.locale);
      if (opts.admin) {
        const [name, value] = h.adminCookie.split('=');
        await context.addCookies([{ name, value, url: base }]);
      }
      return { context, page: await context.newPage() };
    },
    async close() {
      await browser.close();
      await h.close();
      // Every page any test opened ran under the app's CSP: a violation is a
      // page the policy breaks (or a policy that must say more), never noise.
      if (cspViolations.length) throw new Error(`Content-Security-Policy violations:\n${[...new Set(cspViolations)].join('\n')}`);
    },
  };
}

/**
 * Collects the CSP violations of every page (and popup) of a context. The
 * server's own tool pages (Swagger UI, Bull Board) are third-party and not
 * the app's: a blocked web font there is theirs to lose.
 */
export async function cspWatch(context: BrowserContext, into: string[]) {
  const MARK = 'csp-violation:';
  await context.addInitScript((mark) => {
    document.addEventListener('securitypolicyviolation', (e) => {
      if (/^\/(admin\/queues|api\/docs)/.test(location.pathname)) return;
      console.error(`${mark} ${location.pathname} ${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`);
    });
  }, MARK);
  context.on('console', (msg) => {
    if (msg.text().startsWith(MARK)) into.push(msg.text().slice(MARK.length).trim());
  });
}

/** Saves a screenshot (see SCREENSHOTS for where). */
export async function snap(page: Page, name: string) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The views and languages every page is photographed in. */
export const VIEWS = [
  { name: 'phone', viewport: PHONE },
  { name: 'desktop', viewport: DESKTOP },
] as const;
export const LANGS = [
  { name: 'zh', locale: 'zh-CN' },
  { name: 'en', locale: 'en' },
] as const;

/**
 * The whole page at the viewport's width. Chromium's full-page capture counts
 * the width of tables inside their horizontal scroller, which would show a
 * phone page as 1,000 px wide; the document itself must not be (asserted here).
 */
export async function shot(page: Page, name: string, width: number) {
  const size = await page.evaluate(() => ({ w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight }));
  if (size.w > width) throw new Error(`${name}: the page is ${size.w}px wide on a ${width}px screen`);
  if (width > PHONE.width) return snap(page, name);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, clip: { x: 0, y: 0, width, height: size.h } });
}

/** Nothing still loading in the console, and fonts drawn. */
export async function settled(page: Page, selector: string) {
  await page.locator(selector).first().waitFor();
  await page.waitForFunction(() => !document.querySelector('.admin [role=status].muted'));
  await page.evaluate(() => document.fonts.ready);
}

const AXE = path.join(path.dirname(createRequire(import.meta.url).resolve('axe-core')), 'axe.min.js');

/**
 * axe-core's serious and critical findings on the page as it is now: WCAG 2
 * A and AA, and with `wcag21` also 2.1's, and the check that a control's
 * visible label is part of its accessible name (2.5.3, an "experimental" rule
 * axe leaves off unless asked).
 */
export async function axeViolations(page: Page, opts: { wcag21?: boolean } = {}) {
  // Evaluated, not added as a <script>: the page's CSP refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  const result = await page.evaluate(async (wcag21) => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const values = wcag21 ? ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] : ['wcag2a', 'wcag2aa'];
    return axe.run(document, { runOnly: { type: 'tag', values }, ...(wcag21 ? { rules: { 'label-content-name-mismatch': { enabled: true } } } : {}) });
  }, !!opts.wcag21);
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) }));
}
