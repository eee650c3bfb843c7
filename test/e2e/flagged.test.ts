// Reviewing flagged ballots in real Chromium (issue 10): the groups by source,
// each ballot's receipt start, reasons in words and answers; a whole group
// voided with a reason after a confirm; one ballot cleared; and publishing
// that names how many flagged ballots are still unreviewed before it goes.
// Screenshots (phone and desktop, zh and en): admin-flagged-groups-*,
// admin-results-flagged-*.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballotFor, drained, EXAMPLE_SPEC, issueCodes, openCampaign } from '../integration/harness.js';
import { DESKTOP, LANGS, VIEWS, openSite, settled, shot, type Site } from './browser.js';
import { UNITS } from '../fixtures/units.js';

const KEY = 'flagged-2026';
const OPTIONS = ['satisfied', 'basically', 'dissatisfied', 'unknown'];
let site: Site;
const receipts: string[] = [];

async function seed(key: string) {
  const h = site.h;
  const spec = structuredClone(EXAMPLE_SPEC);
  Object.assign(spec, { key });
  spec.rules.fraud = { ...spec.rules.fraud, maxBallotsPerAddressPerMinute: 3, straightLiningMinUnits: 6 };
  await openCampaign(h, spec);
  const { codes } = await issueCodes(h, key, 'survey', 'citizens', 14);
  let i = 0;
  const vote = async (body: object, remoteAddress: string) => {
    const res = await h.inject({ method: 'POST', url: `/api/v1/vote/${codes[i++]}`, payload: body, remoteAddress });
    expect(res.statusCode, res.body).toBe(201);
    receipts.push(res.json().receipt);
  };
  const mixed = (k: number) => (u: number) => OPTIONS[(u + k) % OPTIONS.length];
  // One phone, three codes: the 2nd and 3rd are flagged.
  for (let k = 0; k < 3; k++) await vote(ballotFor(UNITS, mixed(k), { deviceId: 'family-phone-0001', problems: k === 2 ? { [UNITS[0]]: ['slow', 'attitude'] } : {} }), `10.5.0.${k}`);
  // One office network: the 4th and 5th within the minute are flagged.
  for (let k = 0; k < 5; k++) await vote(ballotFor(UNITS, mixed(k + 1)), '10.6.0.1');
  // Too fast, and one straight line.
  await vote(ballotFor(UNITS, mixed(2), { answeringMs: 2_500 }), '10.7.0.1');
  await vote(ballotFor(UNITS, mixed(3), { answeringMs: 4_000 }), '10.7.0.2');
  await vote(ballotFor(UNITS, 'satisfied'), '10.7.0.3');
  for (let k = 0; k < 3; k++) await vote(ballotFor(UNITS, mixed(k)), `10.8.0.${k}`);
  await drained(h);
}

beforeAll(async () => {
  site = await openSite();
  await site.h.startWorker();
  await seed(KEY);
}, 180_000);
afterAll(() => site?.close());

describe('the flagged ballots page', () => {
  it('voids a whole group after a confirm with a reason, clears one ballot, and publishing names what is left', async () => {
    const { context, page } = await site.page({ viewport: DESKTOP, locale: 'zh-CN', admin: true });
    await page.goto(`${site.base}/admin/campaigns/${KEY}/flagged`);
    await settled(page, 'li.group');
    const groups = page.locator('li.group');
    const rules = await groups.locator('.what [data-flag]').evaluateAll((els) => els.map((e) => e.getAttribute('data-flag')));
    expect([...new Set(rules)].sort()).toEqual(['burst', 'device', 'straight-lining', 'too-fast']);
    const before = await groups.count();
    const device = groups.filter({ has: page.locator('[data-flag="device"]') });
    expect(await device.innerText()).toContain('2 份待复核');
    // Receipts: the start of each, as the voter's receipt begins.
    const shown = await page.locator('[data-receipt]').allInnerTexts();
    expect(shown).toContain(`${receipts[1].slice(0, 4)}-…`);
    // The answers of the phone's third ballot: labels and the problems ticked.
    const third = page.locator(`tr[data-ballot]`).filter({ hasText: receipts[2].slice(0, 4) });
    await third.getByRole('button', { name: '查看答卷' }).click();
    const answers = page.locator('.answers').first();
    await answers.waitFor();
    expect(await answers.innerText()).toContain('办事效率低、久拖不办');

    // Void the phone's group: the confirm names the count and wants a reason.
    await device.getByRole('button', { name: '本组全部作废' }).click();
    await device.getByText('本组 2 份待复核的答卷全部作废？').waitFor();
    const confirm = device.getByRole('button', { name: '本组全部作废' });
    expect(await confirm.isDisabled()).toBe(true);
    await device.locator('input.reason').fill('同一手机连续提交');
    await confirm.click();
    await page.getByText('已作废本组 2 份答卷。').waitFor();
    await expect.poll(() => page.locator('li.group').count()).toBe(before - 1);

    // One ballot cleared on its own.
    const fast = page.locator('tr[data-ballot]').filter({ has: page.locator('[data-flag="too-fast"]') }).first();
    await fast.getByRole('button', { name: '通过', exact: true }).click();
    await page.getByText('已通过 1 份答卷').waitFor();

    // Close voting; the results page says how many are left before publishing.
    expect((await site.h.admin({ method: 'POST', url: `/api/v1/campaigns/${KEY}/status`, payload: { status: 'closed' } })).statusCode).toBe(200);
    await page.goto(`${site.base}/admin/campaigns/${KEY}/results`);
    await settled(page, 'table.ranking');
    const left = (await site.h.admin({ method: 'GET', url: `/api/v1/campaigns/${KEY}/ballots?limit=1` })).json().total;
    expect(left).toBeGreaterThan(0);
    expect(await page.getByTestId('flagged-pending').innerText()).toContain(`还有 ${left} 份标记答卷未复核`);
    await page.getByRole('button', { name: '公布结果' }).click();
    await page.getByText(`还有 ${left} 份标记答卷未复核，不计入本次公布的结果。`).waitFor();
    await page.getByRole('button', { name: '公布结果' }).click();
    await page.getByText('已公布第 1 版结果。').waitFor();
    await context.close();
  });
});

describe.each(VIEWS)('screens $name', ({ name: view, viewport }) => {
  it.each(LANGS)('$name', async ({ name: lang, locale }) => {
    const key = `shots-${view}-${lang}`;
    await seed(key);
    const { context, page } = await site.page({ viewport, locale, admin: true });
    await page.goto(`${site.base}/admin/campaigns/${key}/flagged`);
    await settled(page, 'li.group');
    await page.locator('tr[data-ballot]').nth(1).locator('button[aria-expanded]').click();
    await page.locator('.answers').waitFor();
    await shot(page, `admin-flagged-groups-${view}-${lang}`, viewport.width);
    // A group's confirm, open, with its reason.
    const group = page.locator('li.group').first();
    await group.locator('button.danger').click();
    await group.locator('input.reason').fill(lang === 'zh' ? '会场集中填写，核实后作废' : 'Checked with the venue');
    await shot(page, `admin-flagged-confirm-${view}-${lang}`, viewport.width);
    expect((await site.h.admin({ method: 'POST', url: `/api/v1/campaigns/${key}/status`, payload: { status: 'closed' } })).statusCode).toBe(200);
    await page.goto(`${site.base}/admin/campaigns/${key}/results`);
    await settled(page, 'table.ranking');
    await page.getByTestId('flagged-pending').waitFor();
    await page.locator('section.panel button.btn.primary').click();
    await shot(page, `admin-results-flagged-${view}-${lang}`, viewport.width);
    await context.close();
  });
});
