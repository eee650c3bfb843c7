// What each fraud rule counts (docs/spec.md, "Fraud rules, exactly"), one
// meaning per test. No worker runs here: each test takes its ballots in with
// processBallots itself, so the order (and the concurrency) of the taking is
// the test's to choose.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballotFor, createHarness, EXAMPLE_SPEC, issueCodes, openCampaign, type Harness } from './harness.js';
import { UNITS } from '../fixtures/units.js';
import { processBallots } from '../../server/src/modules/ballots/ballots.service.js';

const mixed = (i: number) => ['satisfied', 'basically', 'dissatisfied'][i % 3];
let h: Harness;
let n = 0;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

function specWith(fraud: object) {
  return { ...EXAMPLE_SPEC, key: `meaning-${++n}`, rules: { ...EXAMPLE_SPEC.rules, fraud: { ...EXAMPLE_SPEC.rules.fraud, ...fraud } } };
}

async function cast(code: string, body: object, remoteAddress = `10.${n}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`) {
  const res = await h.inject({ method: 'POST', url: `/api/v1/vote/${code}`, payload: body, remoteAddress });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().receipt as string;
}

async function idsOf(key: string): Promise<number[]> {
  const rows = await h.ctx.database.query<{ id: number }>(`select b.id::int as id from ballots b join campaigns c on c.id = b.campaign_id where c.key = $1 order by b.id`, [key]);
  return rows.map((r) => Number(r.id));
}

async function flagsOf(key: string): Promise<string[][]> {
  const rows = await h.ctx.database.query<{ flags: string[] }>(`select b.flags from ballots b join campaigns c on c.id = b.campaign_id where c.key = $1 order by b.id`, [key]);
  return rows.map((r) => r.flags);
}

/** Takes a campaign's ballots in, in the given order of batches (each a transaction of its own). */
async function take(batches: number[][]) {
  for (const b of batches) await processBallots(h.ctx, b);
}

describe('the device rule', () => {
  it('counts per campaign, across questionnaires and groups, and flags only the ballots after the first N', async () => {
    const key = await openCampaign(h, specWith({ maxBallotsPerDevice: 2 }));
    const survey = await issueCodes(h, key, 'survey', 'citizens', 2);
    const inquiry = await issueCodes(h, key, 'inquiry', 'enterprises', 2);
    const phone = { deviceId: 'one-phone-of-a-family' };
    await cast(survey.codes[0], ballotFor(UNITS, mixed, phone));
    await cast(inquiry.codes[0], ballotFor(UNITS, mixed, phone));
    await cast(survey.codes[1], ballotFor(UNITS, mixed, phone)); // the third from the phone, in either questionnaire
    await cast(inquiry.codes[1], ballotFor(UNITS, mixed, phone));
    await take([await idsOf(key)]);
    expect(await flagsOf(key)).toEqual([[], [], ['device'], ['device']]);
  });

  it('never counts ballots of another campaign', async () => {
    const a = await openCampaign(h, specWith({}));
    const b = await openCampaign(h, specWith({}));
    const phone = { deviceId: 'device-in-two-campaigns' };
    await cast((await issueCodes(h, a, 'survey', 'citizens', 1)).codes[0], ballotFor(UNITS, mixed, phone));
    await cast((await issueCodes(h, b, 'survey', 'citizens', 1)).codes[0], ballotFor(UNITS, mixed, phone));
    await take([[...(await idsOf(a)), ...(await idsOf(b))]]);
    expect([...(await flagsOf(a)), ...(await flagsOf(b))]).toEqual([[], []]);
  });

  it('counts a voided earlier ballot: voiding the first does not let the second through', async () => {
    const key = await openCampaign(h, specWith({}));
    const { codes } = await issueCodes(h, key, 'survey', 'citizens', 2);
    const phone = { deviceId: 'device-with-a-voided-code' };
    await cast(codes[0], ballotFor(UNITS, mixed, phone));
    await take([await idsOf(key)]);
    const voided = await h.admin({ method: 'POST', url: `/api/v1/campaigns/${key}/codes/void`, payload: { code: codes[0], reason: 'handed out twice' } });
    expect(voided.json()).toEqual({ codesVoided: 1, ballotsVoided: 1 });
    await cast(codes[1], ballotFor(UNITS, mixed, phone));
    await take([(await idsOf(key)).slice(1)]);
    expect(await flagsOf(key)).toEqual([['code-voided'], ['device']]);
  });

  it('does not apply to a ballot sent without a device id', async () => {
    const key = await openCampaign(h, specWith({}));
    const { codes } = await issueCodes(h, key, 'survey', 'citizens', 2);
    for (const c of codes) await cast(c, { ...ballotFor(UNITS, mixed), deviceId: undefined });
    await take([await idsOf(key)]);
    expect(await flagsOf(key)).toEqual([[], []]);
  });

  it('stores the device and the address as keyed hashes only', async () => {
    const key = await openCampaign(h, specWith({}));
    const { codes } = await issueCodes(h, key, 'survey', 'citizens', 1);
    await cast(codes[0], ballotFor(UNITS, mixed, { deviceId: 'raw-device-id-4711' }), '198.51.100.47');
    const [row] = await h.ctx.database.query<{ t: string; device: Buffer; address: Buffer }>(
      `select row_to_json(b)::text as t, b.device_hash as device, b.address_hash as address from ballots b join campaigns c on c.id = b.campaign_id where c.key = $1`,
      [key],
    );
    expect(row.t).not.toMatch(/raw-device-id-4711|198\.51\.100\.47|4711|c6336427/); // c6336427: 198.51.100.47 in hex
    expect(row.device).toHaveLength(16);
    expect(row.address).toHaveLength(16);
  });
});

describe('the burst rule', () => {
  it('counts earlier ballots of the same address accepted less than 60 s before, over the whole campaign', async () => {
    const key = await openCampaign(h, specWith({ maxBallotsPerAddressPerMinute: 2 }));
    const survey = await issueCodes(h, key, 'survey', 'citizens', 3);
    const inquiry = await issueCodes(h, key, 'inquiry', 'enterprises', 2);
    const office = '10.200.0.1';
    await cast(survey.codes[0], ballotFor(UNITS, mixed), office);
    await cast(survey.codes[1], ballotFor(UNITS, mixed), office);
    // Moved 61 s back: outside the minute of every later ballot.
    await h.ctx.database.query(`update ballots set submitted_at = submitted_at - interval '61 seconds' where id = any($1::bigint[])`, [await idsOf(key)]);
    await cast(inquiry.codes[0], ballotFor(UNITS, mixed), office); // two earlier, both more than 60 s before: clean
    await cast(inquiry.codes[1], ballotFor(UNITS, mixed), office); // one within the minute: clean
    await cast(survey.codes[2], ballotFor(UNITS, mixed), office); // two within the minute, across questionnaires: flagged
    await take([await idsOf(key)]);
    expect(await flagsOf(key)).toEqual([[], [], [], [], ['burst']]);
  });
});

describe('too fast and straight-lining', () => {
  it('too fast is strictly under the minimum; straight-lining leaves 不了解 out and needs the minimum of units', async () => {
    const key = await openCampaign(h, specWith({ minSecondsPerBallot: 8, straightLiningMinUnits: 4 }));
    const { codes } = await issueCodes(h, key, 'survey', 'citizens', 5);
    const four = UNITS.slice(0, 4);
    const three = UNITS.slice(0, 3);
    await cast(codes[0], ballotFor(UNITS, mixed, { answeringMs: 8_000 })); // exactly the minimum: not too fast
    await cast(codes[1], ballotFor(UNITS, mixed, { answeringMs: 7_999 }));
    await cast(codes[2], ballotFor(four, 'basically')); // four units, one option
    await cast(codes[3], { ...ballotFor([...three, UNITS[4]], (i) => (i < 3 ? 'basically' : 'unknown')) }); // three and 不了解: under the minimum
    await cast(codes[4], ballotFor(four, (i) => (i < 3 ? 'basically' : 'satisfied')));
    await take([await idsOf(key)]);
    expect(await flagsOf(key)).toEqual([[], ['too-fast'], ['straight-lining'], [], []]);
  });

  it('disabled switches off exactly the rules listed', async () => {
    const key = await openCampaign(h, specWith({ disabled: ['device', 'straight-lining'], straightLiningMinUnits: 2 }));
    const { codes } = await issueCodes(h, key, 'survey', 'citizens', 2);
    const phone = { deviceId: 'device-of-a-meeting', answeringMs: 1_000 };
    await cast(codes[0], ballotFor(UNITS, 'satisfied', phone));
    await cast(codes[1], ballotFor(UNITS, 'satisfied', phone));
    await take([await idsOf(key)]);
    expect(await flagsOf(key)).toEqual([['too-fast'], ['too-fast']]);
  });
});

describe('flagging', () => {
  it('puts the device rule right for a later ballot checked before an earlier one had committed', async () => {
    const key = await openCampaign(h, specWith({}));
    const { batchId } = await issueCodes(h, key, 'survey', 'citizens', 1);
    const { codes } = await issueCodes(h, key, 'survey', 'citizens', 1);
    const [c] = await h.ctx.database.query<{ id: number; campaign: number }>(
      `select k.id::int as id, b.campaign_id as campaign from codes k join code_batches b on b.id = k.batch_id where k.batch_id = $1 order by k.id limit 1`,
      [batchId],
    );
    const phone = 'phone-of-a-slow-commit';
    // The earlier ballot takes its number, and its transaction is still open...
    let commit!: () => void;
    const held = new Promise<void>((r) => (commit = r));
    let numbered!: () => void;
    const insertedFirst = new Promise<void>((r) => (numbered = r));
    const early = h.ctx.database.transaction(async (tx) => {
      await tx.query(
        `insert into ballots (campaign_id, batch_id, code_id, questionnaire_key, group_key, receipt_hash, ratings, answering_ms, device_hash, address_hash)
         values ($1, $2, $3, 'survey', 'citizens', $4, $5::jsonb, 60000, $6, $7)`,
        [c.campaign, batchId, c.id, Buffer.alloc(16, 7), JSON.stringify(ballotFor(UNITS, mixed).ratings), h.ctx.secrets.hashDevice(Number(c.campaign), phone), Buffer.alloc(16, 9)],
      );
      numbered();
      await held;
    });
    await insertedFirst;
    // ...when the same phone's next ballot is accepted and checked: the earlier one is not visible yet.
    await cast(codes[0], ballotFor(UNITS, mixed, { deviceId: phone }));
    const later = (await idsOf(key)).at(-1)!;
    await take([[later]]);
    expect(await flagsOf(key)).toEqual([[]]);
    commit();
    await early;
    const ids = await idsOf(key);
    expect(ids[1]).toBe(later);
    // The earlier one, taken in now, is the phone's first; the later one is its second after all.
    await take([[ids[0]]]);
    expect(await flagsOf(key)).toEqual([[], ['device']]);
    const rows = await h.ctx.database.query<{ review: string; counted: boolean }>(`select review, counted from ballots where id = $1`, [later]);
    expect(rows).toEqual([{ review: 'flagged', counted: false }]);
    const [t] = await h.ctx.database.query<{ n: number }>(
      `select coalesce(sum(t.count), 0)::int as n from ballot_tallies t join campaigns k on k.id = t.campaign_id where k.key = $1`,
      [key],
    );
    expect(Number(t.n)).toBe(1); // the tallies hold the earlier ballot only
  });

  it('is the same whatever order the workers take the ballots in, one or two at once', async () => {
    const spec = { maxBallotsPerDevice: 2, maxBallotsPerAddressPerMinute: 3 };
    const run = async (order: (ids: number[]) => Promise<void>) => {
      const key = await openCampaign(h, specWith(spec));
      const { codes } = await issueCodes(h, key, 'survey', 'citizens', 12);
      for (const [i, c] of codes.entries()) {
        // Three devices, two addresses, interleaved.
        await cast(c, ballotFor(UNITS, mixed, { deviceId: `shared-device-${i % 3}` }), `10.77.0.${i % 2}`);
      }
      await order(await idsOf(key));
      return flagsOf(key);
    };
    const inOrder = await run((ids) => take([ids]));
    expect(inOrder.filter((f) => f.length).length).toBeGreaterThan(0);
    expect(inOrder.map((f) => f.includes('device'))).toEqual([false, false, false, false, false, false, true, true, true, true, true, true]);
    const oneByOneBackwards = await run((ids) => take([...ids].reverse().map((id) => [id])));
    const twoWorkersAtOnce = await run(async (ids) => {
      const odd = ids.filter((_, i) => i % 2 === 1).reverse();
      const even = ids.filter((_, i) => i % 2 === 0);
      await Promise.all([take(odd.map((id) => [id])), take([even.slice(3), even.slice(0, 3)])]);
    });
    expect(oneByOneBackwards).toEqual(inOrder);
    expect(twoWorkersAtOnce).toEqual(inOrder);
  });
});
