import type { CampaignResult } from '@minping/shared/scoring';
import type { Context } from '../../context.js';
import { AppError } from '../../lib/errors.js';
import { requireCampaign } from '../campaigns/campaigns.service.js';
import { audit } from '../audit/audit.repo.js';
import { gatherInputs, recomputeCampaign } from './recompute.js';
import { resultsRepo } from './results.repo.js';
import { rankingTables, toCsv, toXlsx } from './results.export.js';

// Rankings are read far more often than they change: keep the serialised
// answer per campaign and check only its timestamp on each read.
const cache = new Map<string, { stamp: string; body: string }>();

export async function currentResultJson(ctx: Context, campaignKey: string): Promise<string> {
  const campaign = await requireCampaign(ctx.database.db, campaignKey);
  const q = ctx.database.query;
  let [stamp] = await resultsRepo.computedAt(q, campaign.id);
  if (!stamp) {
    await recomputeCampaign(ctx, campaign.id);
    [stamp] = await resultsRepo.computedAt(q, campaign.id);
  }
  const cacheKey = `${ctx.config.redisPrefix}:${campaign.id}:${campaign.updatedAt.toISOString()}`;
  const hit = cache.get(cacheKey);
  if (hit && hit.stamp === stamp.computed_at) return hit.body;
  const [row] = await resultsRepo.computed(q, campaign.id);
  const body = JSON.stringify({
    campaign: { key: campaign.key, name: campaign.spec.name, status: campaign.status },
    computedAt: new Date(row.computed_at).toISOString(),
    ballotsCounted: row.ballots_counted,
    result: row.result,
  });
  cache.set(cacheKey, { stamp: stamp.computed_at, body });
  return body;
}

export async function recomputeNow(ctx: Context, campaignKey: string, from: 'tallies' | 'ballots') {
  const campaign = await requireCampaign(ctx.database.db, campaignKey);
  await recomputeCampaign(ctx, campaign.id, from);
  return currentResultJson(ctx, campaignKey);
}

/**
 * Publishing takes a snapshot that never changes; publishing again makes a new
 * version. The snapshot keeps the inputs too, so anyone can redo the arithmetic.
 */
export async function publish(ctx: Context, campaignKey: string, userId: number) {
  const campaign = await requireCampaign(ctx.database.db, campaignKey);
  if (campaign.status !== 'closed' && campaign.status !== 'published') {
    throw new AppError(409, 'INVALID_STATUS_TRANSITION', 'Close voting before publishing results');
  }
  const result = await recomputeCampaign(ctx, campaign.id);
  const inputs = await gatherInputs(ctx.database.query, campaign.id, campaign.spec, 'tallies');
  const version = await ctx.database.transaction(async (q) => {
    const [row] = await resultsRepo.insertPublished(q, campaign.id, result!, inputs, userId);
    await q(`update campaigns set status = 'published', updated_at = now() where id = $1`, [campaign.id]);
    await audit(q, { userId, action: 'results.publish', campaignId: campaign.id, target: campaign.key, detail: { version: row.version } });
    return row.version;
  });
  return { version };
}

export async function publishedResult(ctx: Context, campaignKey: string, version?: number) {
  const campaign = await requireCampaign(ctx.database.db, campaignKey);
  const [row] = await resultsRepo.published(ctx.database.query, campaign.id, version);
  if (!row) throw new AppError(404, 'NOT_PUBLISHED', `No published results for "${campaignKey}"${version ? ` version ${version}` : ''}`);
  const versions = await resultsRepo.publishedVersions(ctx.database.query, campaign.id);
  return { campaign, row, versions };
}

export async function publicResultJson(ctx: Context, campaignKey: string, version?: number) {
  const { campaign, row, versions } = await publishedResult(ctx, campaignKey, version);
  const result = row.result as CampaignResult;
  return {
    campaign: { key: campaign.key, name: campaign.spec.name, theme: campaign.spec.theme, year: campaign.spec.year, series: campaign.series },
    version: row.version,
    publishedAt: new Date(row.published_at).toISOString(),
    versions: versions.map((v) => ({ version: v.version, publishedAt: new Date(v.published_at).toISOString() })),
    result,
  };
}

/** The published inputs: enough to recompute every composite and rank by hand. */
export async function openData(ctx: Context, campaignKey: string, version?: number) {
  const { campaign, row } = await publishedResult(ctx, campaignKey, version);
  return { campaign: campaign.key, version: row.version, publishedAt: new Date(row.published_at).toISOString(), inputs: row.inputs as Record<string, unknown> };
}

export async function exportRankings(ctx: Context, campaignKey: string, opts: { format: 'csv' | 'xlsx'; lang: 'zh-CN' | 'en'; category?: string; version?: number }) {
  const campaign = await requireCampaign(ctx.database.db, campaignKey);
  let result: CampaignResult;
  if (opts.version) result = (await publishedResult(ctx, campaignKey, opts.version)).row.result as CampaignResult;
  else result = JSON.parse(await currentResultJson(ctx, campaignKey)).result;
  if (opts.category && !campaign.spec.categories.some((c) => c.key === opts.category)) {
    throw new AppError(404, 'NOT_FOUND', `No category "${opts.category}" in ${campaignKey}`);
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
