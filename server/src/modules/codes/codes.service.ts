import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import QRCode from 'qrcode';
import { checkCode, formatCode, generateCode, normalizeCode } from '@minping/shared/codes';
import { answersQuestionnaire } from '@minping/shared/group-weights';
import type { CodeBatch } from '@minping/shared/contracts/codes';
import type { Context } from '../../context.js';
import type { Tx } from '../../infra/db.js';
import { AppError, notFound } from '../../lib/errors.js';
import { randomBytes } from '../../lib/random.js';
import { requireCampaign } from '../campaigns/campaigns.service.js';
import { campaignsRepo } from '../campaigns/campaigns.repo.js';
import type { CampaignSpec } from '@minping/shared/spec';
import { ballotsRepo } from '../ballots/ballots.repo.js';
import { changeReview } from '../ballots/ballots.service.js';
import { codesRepo, type BatchRow } from './codes.repo.js';
import { CSV_BOM, csvRow, primedStream } from '../../lib/csv.js';
import { audit, audited } from '../audit/audit.repo.js';
import { requestRecomputeAfterCommit } from '../results/recompute.service.js';
import { queueAfterChange } from '../../jobs/after-change.js';
import { codesQueue } from './codes.queue.js';

/** Batches up to this size are generated inside the request; larger ones by the worker. */
export const INLINE_BATCH_LIMIT = 20_000;
const CHUNK = 5_000;

export function voteLink(ctx: Context, code: string): string {
  return `${ctx.config.publicUrl}/v/${normalizeCode(code)}`;
}

function toBatch(row: BatchRow, campaignKey: string, usage?: { used: number; voided: number; spent: number }): CodeBatch {
  return {
    id: row.id,
    campaignKey,
    questionnaire: row.questionnaireKey,
    group: row.groupKey,
    label: row.label,
    size: row.size,
    generated: row.generated,
    status: row.status as CodeBatch['status'],
    used: usage?.used ?? 0,
    voided: usage?.voided ?? 0,
    // A voided batch has nothing left to hand out, whatever its codes say.
    unused: row.voidedAt ? 0 : row.size - (usage?.spent ?? 0),
    createdAt: row.createdAt.toISOString(),
    voidedAt: row.voidedAt?.toISOString() ?? null,
    voidReason: row.voidReason,
  };
}

/** A batch must be for a questionnaire and a group of the file, and a group that answers that questionnaire. */
function refuseBatchNotInFile(spec: CampaignSpec, campaignKey: string, input: { questionnaire: string; group: string }) {
  if (!spec.questionnaires.some((q) => q.key === input.questionnaire)) {
    throw new AppError(422, 'QUESTIONNAIRE_UNKNOWN', `No questionnaire "${input.questionnaire}" in ${campaignKey}`);
  }
  if (!spec.groups.some((g) => g.key === input.group)) throw new AppError(422, 'GROUP_UNKNOWN', `No respondent group "${input.group}" in ${campaignKey}`);
  // A questionnaire that lists its groups is answered by those only (docs/spec.md, questionnaires[].groupWeights).
  if (!answersQuestionnaire(spec, input.questionnaire, input.group)) {
    throw new AppError(422, 'GROUP_NOT_IN_QUESTIONNAIRE', `Respondent group "${input.group}" does not answer questionnaire "${input.questionnaire}" in ${campaignKey}: its groupWeights do not list it`);
  }
}

export async function createBatch(
  ctx: Context,
  campaignKey: string,
  input: { questionnaire: string; group: string; size: number; label?: string },
  userId: number,
) {
  const campaign = await requireCampaign(ctx.database, campaignKey);
  refuseBatchNotInFile(campaign.spec, campaignKey, input);
  const inline = input.size <= INLINE_BATCH_LIMIT;
  // An inline batch is born claimed by this request: the reconciler and the
  // workers leave it alone unless the request dies and its lease lapses.
  const owner = inline ? crypto.randomUUID() : null;
  const row = await audited(
    ctx.database,
    async (tx) => {
      // Checked again on the row locked against an import: one that changes
      // the file waits for this batch (and then refuses to strand it), or this
      // batch waits for it and is checked against the file that won.
      const locked = await campaignsRepo.lockByKey(tx, campaignKey, 'share');
      if (!locked) throw notFound('CAMPAIGN_NOT_FOUND', `No campaign "${campaignKey}"`);
      refuseBatchNotInFile(locked.spec, campaignKey, input);
      return codesRepo.insertBatch(
        tx,
        { campaignId: campaign.id, questionnaireKey: input.questionnaire, groupKey: input.group, label: input.label ?? '', size: input.size, createdBy: userId },
        owner ? { owner, leaseMs: LEASE_MS } : undefined,
      );
    },
    (created) => ({ userId, action: 'codes.create-batch', campaignId: campaign.id, target: String(created.id), detail: input }),
  );
  if (owner) await fillBatch(ctx, row.id, owner, { generated: 0, size: input.size });
  // Redis down: the batch is stored unclaimed, and the reconciler queues it once Redis is back.
  else await queueAfterChange(ctx, () => codesQueue.generate(ctx.queue, row.id, 0));
  // Read back, not assumed: if this request lost its lease the answer says "generating".
  return toBatch((await codesRepo.batch(ctx.database, row.id))!, campaignKey);
}

/** How long a filler may go without storing a chunk before another may take the batch over. */
export const LEASE_MS = 60_000;

/**
 * Fills a batch up to its size, exactly once whoever calls it and however
 * often: it first takes the batch's lease (and does nothing if someone else
 * holds it), then stores numbered codes a chunk per transaction from where
 * the batch stands, so a filler that died is taken over where it stopped.
 */
export async function generateCodes(ctx: Context, batchId: number, onProgress?: (generated: number) => Promise<void>, leaseMs = LEASE_MS) {
  const owner = crypto.randomUUID();
  const claimed = await codesRepo.claim(ctx.database, batchId, owner, leaseMs);
  if (!claimed) return { filled: false };
  return { filled: await fillBatch(ctx, batchId, owner, claimed, onProgress, leaseMs) };
}

async function fillBatch(ctx: Context, batchId: number, owner: string, from: { generated: number; size: number }, onProgress?: (generated: number) => Promise<void>, leaseMs = LEASE_MS): Promise<boolean> {
  const lease = { id: batchId, owner, leaseMs };
  const make = (seq: number) => {
    const code = generateCode(randomBytes);
    return { seq, hash: ctx.secrets.hashCode(code), sealed: ctx.secrets.seal(code) };
  };
  let generated = from.generated;
  while (generated < from.size) {
    const start = generated + 1;
    const end = Math.min(from.size, generated + CHUNK);
    let rows = Array.from({ length: end - start + 1 }, (_, i) => make(start + i));
    for (;;) {
      const missing = await ctx.database.transaction((tx) => codesRepo.insertChunk(tx, lease, start, end, rows));
      if (missing === null) return false; // another filler took over
      if (!missing.length) break;
      // A collision (≈ never at 59 bits) leaves its number empty: new codes for those numbers.
      rows = missing.map(make);
    }
    generated = end;
    await onProgress?.(generated);
  }
  return true;
}

async function batchesWithUsage(ctx: Context, campaignId: number, campaignKey: string) {
  const rows = await codesRepo.batchesOf(ctx.database, campaignId);
  const usage = await codesRepo.usage(ctx.database, rows.map((r) => r.id));
  return rows.map((r) => toBatch(r, campaignKey, usage.get(r.id)));
}

export async function listBatches(ctx: Context, campaignKey: string) {
  const campaign = await requireCampaign(ctx.database, campaignKey);
  return batchesWithUsage(ctx, campaign.id, campaign.key);
}

export async function requireBatch(ctx: Context, campaignKey: string, id: number) {
  const campaign = await requireCampaign(ctx.database, campaignKey);
  const batch = await codesRepo.batch(ctx.database, id);
  if (!batch || batch.campaignId !== campaign.id) throw notFound('BATCH_NOT_FOUND', `No code batch ${id} in ${campaignKey}`);
  return { campaign, batch };
}

export async function getBatch(ctx: Context, campaignKey: string, id: number) {
  const { campaign, batch } = await requireBatch(ctx, campaignKey, id);
  const usage = await codesRepo.usage(ctx.database, [id]);
  return toBatch(batch, campaign.key, usage.get(id));
}

/** Every code of a batch, decrypted a page at a time. */
async function* codesOf(ctx: Context, batchId: number, offset = 0, limit = Infinity) {
  let after = 0;
  let index = 0;
  let emitted = 0;
  for (;;) {
    const page = await codesRepo.page(ctx.database, batchId, after, 2000);
    if (!page.length) return;
    for (const row of page) {
      after = row.id;
      if (index++ < offset) continue;
      if (emitted++ >= limit) return;
      yield { code: ctx.secrets.unseal(row.sealed), used: !!row.usedAt, voided: !!row.voidedAt };
    }
  }
}

export async function exportCsv(ctx: Context, campaignKey: string, id: number): Promise<{ filename: string; stream: Readable }> {
  const { batch } = await requireBatch(ctx, campaignKey, id);
  if (batch.status !== 'ready') throw new AppError(409, 'BATCH_NOT_READY', `Batch ${id} is still being generated (${batch.generated}/${batch.size})`);
  async function* lines() {
    // The header goes out with the first rows (see primedStream).
    let buf = CSV_BOM + csvRow(['code', 'formatted', 'link', 'status']);
    for await (const c of codesOf(ctx, id)) {
      const status = c.voided ? 'voided' : c.used ? 'used' : 'unused';
      buf += csvRow([c.code, formatCode(c.code), voteLink(ctx, c.code), status]);
      if (buf.length > 64_000) {
        yield buf;
        buf = '';
      }
    }
    if (buf) yield buf;
  }
  return { filename: `${campaignKey}-batch-${id}.csv`, stream: await primedStream(lines()) };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A print-ready A4 sheet of QR codes with the code written under each. */
export async function qrSheet(ctx: Context, campaignKey: string, id: number, offset: number, limit: number): Promise<string> {
  const { campaign, batch } = await requireBatch(ctx, campaignKey, id);
  if (batch.status !== 'ready') throw new AppError(409, 'BATCH_NOT_READY', `Batch ${id} is still being generated`);
  // Slips for a campaign whose voting is over would only send people to a refusal.
  // A draft's may be printed: the office hands slips out before it opens voting.
  if (campaign.status === 'closed' || campaign.status === 'published') throw new AppError(409, 'CAMPAIGN_CLOSED', `Voting in ${campaignKey} is over: its codes can no longer be used`);
  const spent = (await codesRepo.usage(ctx.database, [id])).get(id)?.spent ?? 0;
  if (batch.voidedAt || spent >= batch.size) throw new AppError(409, 'BATCH_USED_UP', `Batch ${id} has no unused code left to print`);
  const q = campaign.spec.questionnaires.find((x) => x.key === batch.questionnaireKey);
  const cells: string[] = [];
  for await (const c of codesOf(ctx, id, offset, limit)) {
    if (c.used || c.voided) continue;
    const svg = await QRCode.toString(voteLink(ctx, c.code), { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
    cells.push(`<figure>${svg}<figcaption>${formatCode(c.code)}</figcaption></figure>`);
  }
  const title = `${escapeHtml(campaign.spec.name)} · ${escapeHtml(q?.title ?? batch.questionnaireKey)}`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title><style>
@page { size: A4; margin: 10mm; }
body { font-family: "PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif; margin: 0; color: #111; }
header { padding: 4mm 0; font-size: 12pt; }
.grid { display: grid; grid-template-columns: repeat(4, 1fr); gap: 4mm; }
figure { margin: 0; padding: 3mm; border: 1px dashed #999; text-align: center; break-inside: avoid; }
figure svg { width: 100%; height: auto; }
figcaption { font: 600 11pt/1.3 ui-monospace, "DejaVu Sans Mono", monospace; letter-spacing: .05em; }
.hint { font-size: 9pt; color: #444; }
</style></head><body><header><strong>${title}</strong><div class="hint">扫码或访问 ${escapeHtml(ctx.config.publicUrl)}/v 输入评议码 · 每码限评一次 · 批次 ${id}（${escapeHtml(batch.label)}）· 第 ${offset + 1}–${offset + limit} 个中未使用的 ${cells.length} 个</div></header>
<div class="grid">${cells.join('\n')}</div></body></html>`;
}

export async function voidBatch(ctx: Context, campaignKey: string, id: number, reason: string, userId: number) {
  const { campaign } = await requireBatch(ctx, campaignKey, id);
  return ctx.database.transaction(async (tx) => {
    await codesRepo.voidBatch(tx, id, reason);
    const voided = await codesRepo.voidCodes(tx, { batchId: id });
    const r = await voidBallotsOf(tx, voided, userId);
    await audit(tx, { userId, action: 'codes.void-batch', campaignId: campaign.id, target: String(id), detail: { reason, ...r } });
    if (r.ballotsVoided) requestRecomputeAfterCommit(ctx, tx, campaign.id);
    return r;
  });
}

export async function voidOneCode(ctx: Context, campaignKey: string, code: string, reason: string, userId: number) {
  const campaign = await requireCampaign(ctx.database, campaignKey);
  if (checkCode(code) !== 'ok') throw new AppError(400, 'CODE_CHECK_FAILED', 'That is not a valid code (check the characters)');
  const hash = ctx.secrets.hashCode(normalizeCode(code));
  return ctx.database.transaction(async (tx) => {
    const found = await codesRepo.codeByHash(tx, hash);
    if (!found.length || found[0].campaign_id !== campaign.id) throw notFound('CODE_UNKNOWN', 'No such code in this campaign');
    const voided = await codesRepo.voidCodes(tx, { hash });
    const r = await voidBallotsOf(tx, voided, userId);
    // The code itself is not written down: the audit trail is readable by every admin.
    await audit(tx, { userId, action: 'codes.void', campaignId: campaign.id, target: `code#${found[0].id}`, detail: { reason, ...r } });
    if (r.ballotsVoided) requestRecomputeAfterCommit(ctx, tx, campaign.id);
    return r;
  });
}

async function voidBallotsOf(tx: Tx, voided: { id: number; used: boolean }[], userId: number) {
  const usedIds = voided.filter((c) => c.used).map((c) => c.id);
  if (!usedIds.length) return { codesVoided: voided.length, ballotsVoided: 0 };
  const ballots = await ballotsRepo.lockForReview(tx, { codeIds: usedIds });
  const { changed } = await changeReview(tx, ballots, 'void', userId, 'code-voided');
  return { codesVoided: voided.length, ballotsVoided: changed };
}

