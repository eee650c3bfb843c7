import { questionnaireGroupWeights } from '@minping/shared/group-weights';
import type { CampaignResult, ScoringInput } from '@minping/shared/scoring';
import type { Context } from '../../context.js';
import type { MemoOptions } from '../../infra/changes.js';
import type { Queryable } from '../../infra/db.js';
import type { CampaignRow } from '../campaigns/campaigns.repo.js';
import { AppError, notFound } from '../../lib/errors.js';
import { lockCampaign, requireCampaign } from '../campaigns/campaigns.service.js';
import { audit } from '../audit/audit.repo.js';
import { recomputeNow } from './recompute.service.js';
import { resultsRepo } from './results.repo.js';
import { rankingTables, toCsv, toXlsx } from './results.export.js';
import { openDataCsv as toOpenDataCsv } from './open-data.js';
import { EncodedCache } from '../../lib/encoded-cache.js';

// Rankings are read far more often than they change. Each version is
// serialised and compressed once per api process (EncodedCache, bounded by
// bytes) and named by a strong ETag derived from its stamps, so a read costs
// one small query that finds the current version and no compression; a
// client that already holds that version gets 304 and no body.
//
// The version cannot be known without asking the database: the worker
// recomputes in another process, and other api processes publish or edit the
// campaign. The stamp query (resultsRepo.currentStamp) reads a few stamps by
// the campaign key's index and leaves the spec (tens of kB of JSON) alone.
//
// Who may read is checked before (routes: campaignReader; public answers are
// published snapshots anyone may read), and an answer is the same for every
// reader allowed to see it, so one cached copy per version is safe to share.
export const resultsCache = new EncodedCache(64 * 1024 * 1024);

/** The current computed version of a campaign's results (computes it the first time). */
// The stamps that name a result's version, kept in memory until a campaign or
// its result changes anywhere (infra/changes.ts): a read of a version already
// encoded then asks PostgreSQL nothing.
const STAMPS: MemoOptions = { tables: ['campaigns', 'campaign_results'], ttlMs: 60_000, maxEntries: 1000 };

export async function currentVersion(ctx: Context, campaignKey: string): Promise<{ cacheKey: string; version: string }> {
  const db = ctx.database;
  const stamps = ctx.changes.memo<NonNullable<Awaited<ReturnType<typeof resultsRepo.currentStamp>>>>('results.current-stamp', STAMPS);
  // A campaign never computed is computed below, and not kept until it has been.
  let row = await stamps.get(campaignKey, () => resultsRepo.currentStamp(db, campaignKey), (r) => (r.computed_at ? Infinity : 0));
  if (!row) throw notFound('CAMPAIGN_NOT_FOUND', `No campaign "${campaignKey}"`);
  if (!row.computed_at) {
    await recomputeNow(ctx, Number(row.id));
    row = (await stamps.get(campaignKey, () => resultsRepo.currentStamp(db, campaignKey), (r) => (r.computed_at ? Infinity : 0)))!;
  }
  // updated_at moves on status changes, edits and publishing (the answer shows
  // the status and the published versions); the result row's stamps on each
  // recompute (see currentStamp).
  return { cacheKey: `${ctx.config.redisPrefix}:current:${row.id}`, version: `current|${row.id}|${row.updated_at}|${row.computed_at}|${row.written_by}` };
}

/** The current results as JSON text, read afresh (a cache miss, an export, a recompute). */
export async function currentResultJson(ctx: Context, campaignKey: string): Promise<string> {
  const db = ctx.database;
  const row = await resultsRepo.readStamp(db, campaignKey);
  if (!row) throw notFound('CAMPAIGN_NOT_FOUND', `No campaign "${campaignKey}"`);
  if (!row.computed_at) await recomputeNow(ctx, Number(row.id));
  const [computed] = await resultsRepo.computed(db, Number(row.id));
  const versions = await resultsRepo.publishedVersions(db, Number(row.id));
  // Read after the stamp: a recompute in between gives a newer answer under
  // the older version, and the next read sees the newer stamp and reloads.
  return JSON.stringify({
    campaign: { key: row.key, name: row.name, status: row.status, series: row.series },
    published: versions.map((v) => ({ version: v.version, publishedAt: new Date(v.publishedAt).toISOString() })),
    computedAt: new Date(computed.computedAt).toISOString(),
    ballotsCounted: computed.ballotsCounted,
    result: computed.result,
  });
}

/** An admin's recompute: done here and now, and answered as a rankings read. */
export async function recomputeResults(ctx: Context, campaignKey: string, from: 'tallies' | 'ballots') {
  const campaign = await requireCampaign(ctx.database, campaignKey);
  await recomputeNow(ctx, campaign.id, from);
  return currentResultJson(ctx, campaignKey);
}

/**
 * Publishing takes a snapshot that never changes; publishing again makes a new
 * version. The snapshot keeps the inputs too, so anyone can redo the arithmetic.
 */
/**
 * Publishes a snapshot. Flagged ballots still to review are left out of it;
 * the office publishes anyway only by naming how many (unreviewedFlagged), so
 * no one publishes without having seen it, nor on a count that moved since.
 */
export async function publish(ctx: Context, campaignKey: string, userId: number, unreviewedFlagged?: number) {
  const campaign = await requireCampaign(ctx.database, campaignKey);
  await refuseUnpublishable(ctx.database, campaign, unreviewedFlagged);
  const talliesAsOf = await resultsRepo.talliesChangedAt(ctx.database, campaign.id);
  // One computation for both the current result and the snapshot, which keeps
  // the inputs it came from: the snapshot's result is exactly what they give.
  const { result, input: inputs } = (await recomputeNow(ctx, campaign.id))!;
  const version = await ctx.database.transaction(async (tx) => {
    // Checked again on the locked campaign: a reopen, a withdrawal or another
    // publish made meanwhile is waited for and seen, not overwritten, and the
    // versions are numbered one after another.
    const locked = await lockCampaign(tx, campaignKey);
    await refuseUnpublishable(tx, locked, unreviewedFlagged);
    // The snapshot keeps the names and numbers it was computed from: neither may have moved since.
    if ((await resultsRepo.talliesChangedAt(tx, campaign.id)) !== talliesAsOf || JSON.stringify(locked.spec) !== JSON.stringify(campaign.spec)) {
      throw new AppError(409, 'RESULTS_NOT_READY', 'The results’ inputs changed while they were computed (ballots counted or reviewed, scores or vetoes entered, the file edited); publish again');
    }
    const [row] = await resultsRepo.insertPublished(tx, campaign.id, result, inputs, userId);
    await resultsRepo.markPublished(tx, campaign.id);
    await audit(tx, { userId, action: 'results.publish', campaignId: campaign.id, target: campaign.key, detail: { version: row.version } });
    return row.version;
  });
  return { version };
}

/** Publishing needs voting closed, every ballot checked, and the flagged ones left unreviewed named by their count. */
async function refuseUnpublishable(db: Queryable, campaign: CampaignRow, unreviewedFlagged: number | undefined) {
  if (campaign.status !== 'closed' && campaign.status !== 'published') {
    throw new AppError(409, 'INVALID_STATUS_TRANSITION', 'Close voting before publishing results');
  }
  const pending = await resultsRepo.ballotsPending(db, campaign.id);
  if (pending > 0) throw new AppError(409, 'RESULTS_NOT_READY', `${pending} ballot(s) are still being checked; publish when the queue is empty`);
  const flagged = await resultsRepo.ballotsFlagged(db, campaign.id);
  if (flagged > 0 && unreviewedFlagged !== flagged) {
    const message = `${flagged} flagged ballot(s) are not reviewed and are left out of the results; send { "unreviewedFlagged": ${flagged} } to publish anyway`;
    throw new AppError(409, 'FLAGGED_UNREVIEWED', message, [{ path: 'unreviewedFlagged', message, code: 'FLAGGED_UNREVIEWED', params: { count: flagged } }]);
  }
}

export async function publishedResult(ctx: Context, campaignKey: string, version?: number) {
  const campaign = await requireCampaign(ctx.database, campaignKey);
  const [row] = await resultsRepo.published(ctx.database, campaign.id, version);
  if (!row) throw notFound('NOT_PUBLISHED', `No published results for "${campaignKey}"${version ? ` version ${version}` : ''}`);
  const versions = await resultsRepo.publishedVersions(ctx.database, campaign.id);
  return { campaign, row, versions };
}

/**
 * The version of a public answer: the snapshot itself never changes, but the
 * answer also lists every published version and the campaign's name, and
 * campaigns.updated_at moves on each publish and edit, so it names them all.
 */
export async function publicVersion(ctx: Context, campaignKey: string, version?: number): Promise<{ cacheKey: string; version: string }> {
  const stamps = ctx.changes.memo<NonNullable<Awaited<ReturnType<typeof resultsRepo.campaignStamp>>>>('results.campaign-stamp', STAMPS);
  const row = await stamps.get(campaignKey, () => resultsRepo.campaignStamp(ctx.database, campaignKey));
  if (!row) throw notFound('CAMPAIGN_NOT_FOUND', `No campaign "${campaignKey}"`);
  const which = version ?? 'latest';
  return { cacheKey: `${ctx.config.redisPrefix}:public:${row.id}:${which}`, version: `public|${row.id}|${which}|${row.updated_at}` };
}

export async function publicResultJson(ctx: Context, campaignKey: string, version?: number) {
  const { campaign, row, versions } = await publishedResult(ctx, campaignKey, version);
  const result = row.result as CampaignResult;
  return {
    campaign: { key: campaign.key, name: campaign.spec.name, theme: campaign.spec.theme, year: campaign.spec.year, series: campaign.series },
    version: row.version,
    publishedAt: new Date(row.publishedAt).toISOString(),
    versions: versions.map((v) => ({ version: v.version, publishedAt: new Date(v.publishedAt).toISOString() })),
    result,
  };
}

/** The published inputs: enough to recompute every composite and rank by hand. */
export async function openData(ctx: Context, campaignKey: string, version?: number) {
  const { campaign, row } = await publishedResult(ctx, campaignKey, version);
  const inputs = row.inputs as ScoringInput;
  // The fraud thresholds play no part in the arithmetic, and publishing them would tell a stuffer how to pass.
  const { fraud: _fraud, ...rules } = inputs.spec.rules;
  return {
    campaign: campaign.key,
    version: row.version,
    publishedAt: new Date(row.publishedAt).toISOString(),
    // Spelled out, so a reader need not know that a questionnaire without its own weights takes the campaign's.
    groupWeights: inputs.spec.questionnaires.map((q) => ({ questionnaire: q.key, groups: questionnaireGroupWeights(inputs.spec, q.key) })),
    inputs: { ...inputs, spec: { ...inputs.spec, rules } } as unknown as Record<string, unknown>,
  };
}

/** The same inputs as flat rows, for a spreadsheet (open-data.ts). */
export async function openDataCsv(ctx: Context, campaignKey: string, version?: number): Promise<string> {
  const { inputs } = await openData(ctx, campaignKey, version);
  return toOpenDataCsv(inputs as unknown as ScoringInput);
}

/** Campaigns with published results, newest first: the public page's index. */
export async function publishedCampaigns(ctx: Context) {
  const rows = await resultsRepo.publishedCampaigns(ctx.database);
  return rows.map((r) => ({ key: r.key, name: r.name, theme: r.theme, year: r.year, series: r.series, version: r.version, publishedAt: new Date(r.published_at).toISOString() }));
}

export async function exportRankings(ctx: Context, campaignKey: string, opts: { format: 'csv' | 'xlsx'; lang: 'zh-CN' | 'en'; category?: string; version?: number }) {
  const campaign = await requireCampaign(ctx.database, campaignKey);
  let result: CampaignResult;
  if (opts.version) result = (await publishedResult(ctx, campaignKey, opts.version)).row.result as CampaignResult;
  else result = JSON.parse(await currentResultJson(ctx, campaignKey)).result;
  if (opts.category && !campaign.spec.categories.some((c) => c.key === opts.category)) {
    throw notFound('NOT_FOUND', `No category "${opts.category}" in ${campaignKey}`);
  }
  const tables = rankingTables(campaign.spec, result, opts.lang, opts.category);
  const base = `${campaign.key}-rankings${opts.category ? `-${opts.category}` : ''}${opts.version ? `-v${opts.version}` : ''}`;
  if (opts.format === 'csv') {
    return { type: 'text/csv; charset=utf-8', filename: `${base}.csv`, body: toCsv(tables, opts.lang === 'en' ? 'Category' : '类别') };
  }
  return {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    filename: `${base}.xlsx`,
    body: await toXlsx(tables, campaign.spec.name),
  };
}
