// A code batch is filled exactly once, whoever tries to fill it: the request
// that created it, the reconciler's re-queued job and a second worker racing
// on the same batch all end with exactly `size` distinct codes (issue 8 item 3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCodes } from '../../server/src/modules/codes/codes.service.js';
import { reconcileOnce } from '../../server/src/jobs/reconcile.js';
import { codesRepo } from '../../server/src/modules/codes/codes.repo.js';
import { createHarness, openCampaign, type Harness } from './harness.js';

let h: Harness;
let key: string;

beforeAll(async () => {
  h = await createHarness();
  key = await openCampaign(h);
});
afterAll(() => h.close());

const url = `/api/v1/campaigns/{key}/code-batches`;
const stored = async (batchId: number) =>
  (await h.ctx.database.query<{ n: number; d: number; seqs: number; top: number }>(
    `select count(*)::int as n, count(distinct hash)::int as d, count(distinct seq)::int as seqs, coalesce(max(seq), 0)::int as top from codes where batch_id = $1`,
    [batchId],
  ))[0];
const batchRow = async (batchId: number) =>
  (await h.ctx.database.query<{ generated: number; size: number; status: string }>(`select generated, size, status from code_batches where id = $1`, [batchId]))[0];

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>): Promise<T> {
  for (let i = 0; ; i++) {
    const v = await probe();
    if (v) return v;
    if (i > 3000) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('generating a code batch', () => {
  it('fills it exactly once while the request, the reconciler and a second worker race on it', async () => {
    const workers = [await h.startWorker(), await h.startWorker()];
    const size = 12_000;
    const created = h.admin({ method: 'POST', url: url.replace('{key}', key), payload: { questionnaire: 'survey', group: 'citizens', size } });
    // As soon as the row exists (the request is now filling it inline), everyone else piles in.
    const id = await waitFor('the batch row', async () =>
      Number((await h.ctx.database.query<{ id: number | null }>(`select max(id) as id from code_batches`))[0].id));
    const racers = Promise.all([generateCodes(h.ctx, id), generateCodes(h.ctx, id), reconcileOnce(h.ctx), reconcileOnce(h.ctx)]);
    const res = await created;
    expect(res.statusCode).toBe(201);
    const answer = res.json();
    // The answer is true when given: what it says was generated is what is stored, never more than the size.
    const atAnswer = await stored(id);
    expect(answer.generated).toBeLessThanOrEqual(size);
    expect(atAnswer.n).toBeGreaterThanOrEqual(answer.generated);
    if (answer.status === 'ready') expect(answer.generated).toBe(size);
    await racers;
    await waitFor('the batch to be ready', async () => (await batchRow(id)).status === 'ready');
    // Give every queued job the chance to run: once the queue is idle nothing more can be added.
    await waitFor('the code queue to be idle', async () => {
      const c = await h.ctx.queue.queues.codes.getJobCounts('waiting', 'active', 'delayed');
      return c.waiting + c.active + c.delayed === 0;
    });
    await reconcileOnce(h.ctx);
    expect(await stored(id)).toEqual({ n: size, d: size, seqs: size, top: size });
    expect(await batchRow(id)).toEqual({ generated: size, size, status: 'ready' });
    const progress = (await h.admin({ method: 'GET', url: `/api/v1/campaigns/${key}/progress` })).json();
    expect(progress.codes.issued).toBe(size);
    const listed = (await h.admin({ method: 'GET', url: `${url.replace('{key}', key)}/${id}` })).json();
    expect(listed).toMatchObject({ size, generated: size, status: 'ready' });
    // The tests below drive the fillers by hand.
    for (const w of workers) await w.close();
  });

  it('runs a second fill of a finished batch as a no-op', async () => {
    const res = await h.admin({ method: 'POST', url: url.replace('{key}', key), payload: { questionnaire: 'survey', group: 'enterprises', size: 700 } });
    const id = res.json().id;
    expect(res.json()).toMatchObject({ status: 'ready', generated: 700 });
    await Promise.all([generateCodes(h.ctx, id), generateCodes(h.ctx, id)]);
    expect(await stored(id)).toEqual({ n: 700, d: 700, seqs: 700, top: 700 });
  });

  it('is taken over where it stopped once its filler dies, and the old filler then stops', async () => {
    const campaign = (await h.ctx.database.query<{ id: number }>(`select id from campaigns where key = $1`, [key]))[0];
    const row = await codesRepo.insertBatch(h.ctx.database, { campaignId: campaign.id, questionnaireKey: 'survey', groupKey: 'deputies', size: 12_000 });
    const lapse = () => h.ctx.database.query(`update code_batches set claimed_until = now() - interval '1 second' where id = $1`, [row.id]);
    // The first filler "dies" after its first chunk: its lease is still live, so nobody else may start.
    const died = await generateCodes(h.ctx, row.id, async () => { throw new Error('killed'); }).catch((e: Error) => e.message);
    expect(died).toBe('killed');
    expect(await stored(row.id)).toMatchObject({ n: 5_000, top: 5_000 });
    expect(await generateCodes(h.ctx, row.id)).toEqual({ filled: false });
    expect((await codesRepo.unfinishedBatches(h.ctx.database)).map((b) => b.id)).not.toContain(row.id);
    // Its lease lapses: the next filler takes over and goes on from code 5,001; meanwhile a
    // slow filler that lost its lease mid-way stops instead of adding to the batch.
    await lapse();
    let second: { filled: boolean } | undefined;
    const slow = await generateCodes(h.ctx, row.id, async (n) => {
      if (second || n >= 12_000) return;
      await lapse();
      second = await generateCodes(h.ctx, row.id);
    });
    expect(second).toEqual({ filled: true });
    expect(slow).toEqual({ filled: false });
    expect(await stored(row.id)).toEqual({ n: 12_000, d: 12_000, seqs: 12_000, top: 12_000 });
    expect(await batchRow(row.id)).toEqual({ generated: 12_000, size: 12_000, status: 'ready' });
  });

  it('never stores a code numbered past the size or twice under one number', async () => {
    const [{ id }] = await h.ctx.database.query<{ id: number }>(`select id from code_batches where status = 'ready' order by id limit 1`);
    const insert = (seq: number) =>
      h.ctx.database.query(`insert into codes (batch_id, seq, hash, sealed) values ($1, $2, decode(md5(random()::text), 'hex'), '\\x00')`, [id, seq]);
    await expect(insert(1)).rejects.toThrow(/codes_batch_seq_idx/);
    await expect(insert(0)).rejects.toThrow(/codes_seq_positive/);
  });
});
