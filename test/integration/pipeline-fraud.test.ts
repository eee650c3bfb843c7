// The worker's fraud rules, each on its own and each switchable per campaign.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballotFor, createHarness, drained, EXAMPLE_SPEC, issueCodes, openCampaign, type Harness } from './harness.js';
import { UNITS } from '../fixtures/units.js';

const mixed = (i: number) => ['satisfied', 'basically', 'dissatisfied'][i % 3];
let h: Harness;

beforeAll(async () => {
  h = await createHarness();
  await h.startWorker();
});
afterAll(() => h.close());

async function flagsOf(key: string): Promise<string[][]> {
  await drained(h);
  const rows = await h.ctx.database.query<{ flags: string[] }>(
    `select b.flags from ballots b join campaigns c on c.id = b.campaign_id where c.key = $1 order by b.id`,
    [key],
  );
  return rows.map((r) => r.flags);
}

function specWith(key: string, fraud: object) {
  return { ...EXAMPLE_SPEC, key, rules: { ...EXAMPLE_SPEC.rules, fraud: { ...EXAMPLE_SPEC.rules.fraud, ...fraud } } };
}

describe('fraud rules', () => {
  it('flag a second ballot from one device, a burst from one address, a too-fast ballot and straight-lining', async () => {
    const key = await openCampaign(h, specWith('fraud-on', { maxBallotsPerAddressPerMinute: 3, straightLiningMinUnits: 8 }));
    const { codes } = await issueCodes(h, key, 'survey', 'citizens', 10);
    const post = (code: string, body: object, remoteAddress: string) => h.inject({ method: 'POST', url: `/api/v1/vote/${code}`, payload: body, remoteAddress });
    // Sequential, so the order of ballots (and of the rules' counting) is fixed.
    await post(codes[0], ballotFor(UNITS, mixed, { deviceId: 'device-aaaaaaaa' }), '10.1.0.1');
    await post(codes[1], ballotFor(UNITS, mixed, { deviceId: 'device-aaaaaaaa' }), '10.1.0.2'); // same device
    await post(codes[2], ballotFor(UNITS, mixed), '10.2.0.1');
    await post(codes[3], ballotFor(UNITS, mixed), '10.2.0.1');
    await post(codes[4], ballotFor(UNITS, mixed), '10.2.0.1');
    await post(codes[5], ballotFor(UNITS, mixed), '10.2.0.1'); // 4th from one address within a minute
    await post(codes[6], ballotFor(UNITS, mixed, { answeringMs: 7_999 }), '10.3.0.1'); // under 8 s
    await post(codes[7], ballotFor(UNITS, 'satisfied'), '10.4.0.1'); // one option for all 8 units
    await post(codes[8], ballotFor(UNITS, 'unknown'), '10.5.0.1'); // 不了解 everywhere is honest, not a line
    expect(await flagsOf(key)).toEqual([[], ['device'], [], [], [], ['burst'], ['too-fast'], ['straight-lining'], []]);

    const tallied = await h.ctx.database.query<{ n: number }>(
      `select coalesce(sum(t.count), 0)::int as n from ballot_tallies t join campaigns c on c.id = t.campaign_id where c.key = $1`,
      [key],
    );
    expect(Number(tallied[0].n)).toBe(5); // flagged ballots are kept but not counted

    const receipts = await h.admin({ method: 'GET', url: `/api/v1/campaigns/${key}/ballots` });
    expect(receipts.json().ballots.map((b: { flags: string[] }) => b.flags)).toEqual([['device'], ['burst'], ['too-fast'], ['straight-lining']]);
  });

  it('are each switchable per campaign', async () => {
    const key = await openCampaign(h, specWith('fraud-off', { maxBallotsPerAddressPerMinute: 1, disabled: ['device', 'burst', 'too-fast', 'straight-lining'] }));
    const { codes } = await issueCodes(h, key, 'survey', 'citizens', 4);
    for (const c of codes) {
      await h.inject({ method: 'POST', url: `/api/v1/vote/${c}`, payload: ballotFor(UNITS, 'satisfied', { deviceId: 'device-bbbbbbbb', answeringMs: 10 }), remoteAddress: '10.9.9.9' });
    }
    expect(await flagsOf(key)).toEqual([[], [], [], []]);
  });

  it('keep the answering time of every ballot as data', async () => {
    const rows = await h.ctx.database.query<{ answering_ms: number }>(`select answering_ms from ballots where answering_ms = 7999`);
    expect(rows).toHaveLength(1);
  });
});
