import { parseCampaignSpec, firstPhaseStart, type CampaignSpec } from '@minping/shared/spec';
import { answersQuestionnaire } from '@minping/shared/group-weights';
import { STATUS_TRANSITIONS, type CampaignStatus, type CampaignSummary } from '@minping/shared/contracts/campaigns';
import type { Context } from '../../context.js';
import type { Queryable, Tx } from '../../infra/db.js';
import { structureOf } from '@minping/shared/campaign-locks';
import { AppError, notFound, uniqueViolation } from '../../lib/errors.js';
import { shanghaiDate } from '../../lib/time.js';
import { campaignsRepo, type CampaignRow } from './campaigns.repo.js';
import { codesRepo } from '../codes/codes.repo.js';
import { audit } from '../audit/audit.repo.js';
import type { User } from '../auth/auth.service.js';
import { scopeOf } from '../users/access.js';

// What may change after the first ballot (names and texts) is one rule in
// shared/src/campaign-locks.ts: the web editor shows locked fields by it.
export { structureOf };

export function summarize(row: CampaignRow, ballots: number, today = shanghaiDate(new Date())): CampaignSummary {
  const spec = row.spec;
  return {
    id: row.id,
    key: row.key,
    series: row.series,
    name: spec.name,
    theme: spec.theme,
    year: spec.year,
    status: row.status as CampaignStatus,
    phases: spec.phases.map((p) => ({ ...p, current: p.start <= today && today <= p.end })),
    firstPhaseStart: row.firstPhaseStart,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    ballots,
    frozen: ballots > 0,
  };
}

export async function requireCampaign(on: Queryable, key: string): Promise<CampaignRow> {
  const row = await campaignsRepo.byKey(on, key);
  if (!row) throw notFound('CAMPAIGN_NOT_FOUND', `No campaign "${key}"`);
  return row;
}

/**
 * The campaign locked until COMMIT, for a change decided on what it is now
 * (its status, its names): one made at the same moment waits, then decides on
 * this one's result instead of overwriting it. Ballots are not held up: their
 * foreign key's key-share lock does not conflict with this one.
 */
export async function lockCampaign(tx: Tx, key: string): Promise<CampaignRow> {
  const row = await campaignsRepo.lockByKey(tx, key, 'no key update');
  if (!row) throw notFound('CAMPAIGN_NOT_FOUND', `No campaign "${key}"`);
  return row;
}

export function validateSpec(input: unknown): CampaignSpec {
  const parsed = parseCampaignSpec(input);
  if (!parsed.ok) throw new AppError(422, 'SPEC_INVALID', `The campaign file has ${parsed.issues.length} problem(s)`, parsed.issues);
  return parsed.spec;
}

/**
 * A questionnaire that lists its groups is answered by those only, so a file
 * may not leave a code batch (not voided) of a group its questionnaire no
 * longer lists: its codes would cast ballots no weight is written for.
 */
async function refuseStrandedBatches(tx: Queryable, campaignId: number, spec: CampaignSpec) {
  const live = (await codesRepo.batchesOf(tx, campaignId)).filter((b) => !b.voidedAt);
  // A questionnaire or a group taken out of the file while codes for it are out: those codes could not vote.
  const orphaned = live.filter((b) => !spec.questionnaires.some((q) => q.key === b.questionnaireKey) || !spec.groups.some((g) => g.key === b.groupKey));
  if (orphaned.length) {
    throw new AppError(
      409,
      'BATCHES_IN_USE',
      `${orphaned.length} code batch(es) are for a questionnaire or group the file no longer has`,
      orphaned.map((b) => ({ path: spec.questionnaires.some((q) => q.key === b.questionnaireKey) ? 'groups' : 'questionnaires', message: `code batch ${b.id} (${b.label || 'no label'}) is for questionnaire "${b.questionnaireKey}" and group "${b.groupKey}"; void the batch or keep them in the file` })),
    );
  }
  const stranded = live.filter((b) => !answersQuestionnaire(spec, b.questionnaireKey, b.groupKey));
  if (!stranded.length) return;
  const details = stranded.map((b) => {
    const i = spec.questionnaires.findIndex((q) => q.key === b.questionnaireKey);
    return { path: `questionnaires[${i}].groupWeights`, message: `code batch ${b.id} (${b.label || 'no label'}) is for group "${b.groupKey}", which this questionnaire does not list; void the batch or list the group` };
  });
  throw new AppError(409, 'GROUP_NOT_IN_QUESTIONNAIRE', `${stranded.length} code batch(es) are for groups their questionnaire would no longer list`, details);
}

/**
 * Imports a campaign file: creates the campaign, or updates it while no ballot
 * has been cast; after the first ballot only names and texts may change.
 */
export async function importSpec(ctx: Context, input: unknown, userId: number | null) {
  const spec = validateSpec(input);
  const run = () => ctx.database.transaction((tx) => importSpecIn(tx, spec, userId));
  // A new key finds no row to lock: two imports of it at the same moment both
  // insert, and the later meets the earlier at the unique key. Run again, it
  // finds that campaign and updates it, as an import after it would.
  const { created, campaign } = await run().catch((err: unknown) => {
    if (uniqueViolation(err, 'campaigns_key_unique')) return run();
    throw err;
  });
  return { created, campaign };
}

/**
 * The import's work inside a transaction the caller holds (a draft's apply
 * imports and opens in one): creates the campaign of `spec`, or updates the
 * one of its key. With `onlyNew`, a campaign of that key is refused
 * (CAMPAIGN_KEY_TAKEN) instead of updated: a caller that found the key free
 * before this lock may meet a campaign committed in between.
 */
export async function importSpecIn(tx: Tx, spec: CampaignSpec, userId: number | null, { onlyNew = false } = {}): Promise<{ created: boolean; row: CampaignRow; campaign: CampaignSummary }> {
  // Locked until COMMIT: a ballot being stored is waited for and the next one
  // waits, so the count of ballots below holds while the structure changes;
  // a code batch created meanwhile waits, then checks its group against the
  // file that won (codes.service createBatch). Imports are rare and short.
  const existing = await campaignsRepo.lockByKey(tx, spec.key);
  let row: CampaignRow;
  if (existing && onlyNew) throw new AppError(409, 'CAMPAIGN_KEY_TAKEN', `A campaign with the key "${spec.key}" was created meanwhile`);
  if (existing) {
    const ballots = await campaignsRepo.ballotCount(tx, existing.id);
    if (ballots > 0 && structureOf(existing.spec) !== structureOf(spec)) {
      throw new AppError(409, 'CAMPAIGN_FROZEN', `Ballots have been cast in "${spec.key}": only names and texts may change`);
    }
    await refuseStrandedBatches(tx, existing.id, spec);
    row = await campaignsRepo.update(tx, existing.id, { spec, series: spec.series, firstPhaseStart: firstPhaseStart(spec) });
    await audit(tx, { userId, action: 'campaign.update', campaignId: row.id, target: row.key });
  } else {
    row = await campaignsRepo.insert(tx, { key: spec.key, series: spec.series, spec, firstPhaseStart: firstPhaseStart(spec) });
    await audit(tx, { userId, action: 'campaign.import', campaignId: row.id, target: row.key });
  }
  await campaignsRepo.upsertRegistries(tx, spec);
  return { created: !existing, row, campaign: summarize(row, await campaignsRepo.ballotCount(tx, row.id)) };
}

/** An evaluator sees only the campaigns it is assigned (others do not exist for it); other roles see them all. */
async function evaluatorScope(ctx: Context, user: User): Promise<Set<number> | null> {
  return user.role === 'evaluator' ? (await scopeOf(ctx, user)).campaignIds : null;
}

export async function listCampaigns(ctx: Context, user: User) {
  const [rows, counts, scope] = await Promise.all([campaignsRepo.list(ctx.database), campaignsRepo.ballotCounts(ctx.database), evaluatorScope(ctx, user)]);
  return rows.filter((r) => !scope || scope.has(r.id)).map((r) => summarize(r, counts.get(r.id) ?? 0));
}

export async function getCampaign(ctx: Context, key: string, user: User) {
  const row = await requireCampaign(ctx.database, key);
  const scope = await evaluatorScope(ctx, user);
  if (scope && !scope.has(row.id)) throw notFound('CAMPAIGN_NOT_FOUND', `No campaign "${key}"`);
  return summarize(row, await campaignsRepo.ballotCount(ctx.database, row.id));
}

export async function updateTexts(ctx: Context, key: string, texts: { name?: string; theme?: string }, userId: number) {
  const updated = await ctx.database.transaction(async (tx) => {
    // The file as it is now, not as it was read before an import committed.
    const row = await lockCampaign(tx, key);
    const spec: CampaignSpec = { ...row.spec, ...(texts.name !== undefined ? { name: texts.name } : {}), ...(texts.theme !== undefined ? { theme: texts.theme } : {}) };
    const changed = await campaignsRepo.update(tx, row.id, { spec });
    await audit(tx, { userId, action: 'campaign.texts', campaignId: row.id, target: row.key, detail: texts });
    return changed;
  });
  return summarize(updated, await campaignsRepo.ballotCount(ctx.database, updated.id));
}

export async function setStatus(ctx: Context, key: string, target: CampaignStatus, userId: number) {
  return ctx.database.transaction(async (tx) => {
    const row = await lockCampaign(tx, key);
    return summarize(await setStatusIn(tx, row, target, userId), await campaignsRepo.ballotCount(tx, row.id));
  });
}

/** A status change and its audit entry, inside a transaction the caller holds, on the row it locked. */
export async function setStatusIn(tx: Tx, row: CampaignRow, target: CampaignStatus, userId: number): Promise<CampaignRow> {
  const from = row.status as CampaignStatus;
  if (target === 'published') throw new AppError(409, 'INVALID_STATUS_TRANSITION', 'Publish results with POST …/results/publish');
  if (!STATUS_TRANSITIONS[from].includes(target)) {
    throw new AppError(409, 'INVALID_STATUS_TRANSITION', `A ${from} campaign cannot become ${target}`);
  }
  const now = new Date();
  const updated = await campaignsRepo.update(tx, row.id, {
    status: target,
    ...(target === 'open' ? { openedAt: now } : {}),
    ...(target === 'closed' ? { closedAt: now } : {}),
  });
  await audit(tx, { userId, action: 'campaign.status', campaignId: row.id, target: row.key, detail: { from, to: target } });
  return updated;
}
