// What happens to a ballot after "accepted": fraud rules, tallies, review.
// counted = processed and review in (none, cleared); every change of counted
// moves the ballot in or out of the tallies in the same transaction.
import type { z } from 'zod';
import { RECEIPT_PREFIX_LENGTH, type flagGroupListSchema, type flagGroupsQuerySchema, type flaggedPageSchema, type flaggedQuerySchema } from '@minping/shared/contracts/ballots';
import type { Context } from '../../context.js';
import type { Queryable } from '../../infra/db.js';
import { AppError, notFound } from '../../lib/errors.js';
import { requireCampaign } from '../campaigns/campaigns.service.js';
import { applyToTallies, touchTallies } from './tallies.repo.js';
import { ballotsRepo } from './ballots.repo.js';
import { factLimits, fraudFlags, parseFlagGroup } from './fraud.js';
import { audit } from '../audit/audit.repo.js';
import { requestRecomputeAfterCommit } from '../results/recompute.service.js';

export const COUNTING_REVIEWS = new Set(['none', 'cleared']);

/**
 * The worker's job: idempotent, since only ballots still unprocessed are taken,
 * under row locks, and marked processed in the same transaction that tallies them.
 * Returns the campaigns whose tallies changed.
 */
export async function processBallots(ctx: Context, ids: number[]): Promise<{ processed: number; campaigns: number[] }> {
  return ctx.database.transaction(async (tx) => {
    const specs = await ballotsRepo.specsOfBallots(tx, ids);
    const limits = [...specs].map(([campaignId, spec]) => ({ campaignId, ...factLimits(spec) }));
    const pending = await ballotsRepo.lockPending(tx, ids, limits);
    if (!pending.length) return { processed: 0, campaigns: [] };
    const updates = pending.map((b) => {
      const spec = specs.get(b.campaignId)!;
      const flags = fraudFlags(spec, b.questionnaireKey, {
        deviceBefore: b.deviceBefore,
        hasDevice: b.hasDevice,
        addressRecent: b.addressRecent,
        answeringMs: b.answeringMs,
        ratings: b.ratings,
      });
      const allFlags = [...new Set([...b.flags, ...flags])];
      // An admin's decision taken before the worker got here stands.
      const review = b.review !== 'none' ? b.review : flags.length ? 'flagged' : 'none';
      return { ballot: b, id: b.id, flags: allFlags, review, counted: COUNTING_REVIEWS.has(review) };
    });
    await ballotsRepo.markProcessed(tx, updates);
    const counted = updates.filter((u) => u.counted).map((u) => u.ballot);
    await applyToTallies(tx, counted, 1);
    const late = pending.filter((b) => b.laterOfDevice).map((b) => b.id);
    const uncounted = late.length ? await flagLaterOfDevices(tx, late, limits) : [];
    const campaigns = [...new Set([...counted, ...uncounted].map((b) => b.campaignId))];
    await touchTallies(tx, campaigns);
    for (const id of campaigns) requestRecomputeAfterCommit(ctx, tx, id);
    return { processed: pending.length, campaigns };
  });
}

/**
 * The device rule counts earlier ballots by number, and a ballot's number is
 * taken before its transaction commits: a later ballot of the same device can
 * be checked while an earlier one is not yet visible, and pass. When the
 * earlier one is taken in, the device's later ballots are counted again and
 * flagged if they now reach the limit (docs/spec.md, "Fraud rules, exactly").
 * Returns the ballots that left the tallies.
 */
async function flagLaterOfDevices(tx: Queryable, ids: number[], limits: { campaignId: number; device: number }[]) {
  const later = await ballotsRepo.lockLaterOfDevices(tx, ids, limits);
  const max = new Map(limits.map((l) => [l.campaignId, l.device]));
  const rows = later
    .filter((x) => x.deviceBefore >= max.get(x.campaignId)!)
    .map((x) => {
      const review = x.review === 'none' ? 'flagged' : x.review;
      return { ballot: x, id: x.id, review, counted: COUNTING_REVIEWS.has(review) };
    });
  if (!rows.length) return [];
  await ballotsRepo.addFlag(tx, rows, 'device');
  const removed = rows.filter((r) => r.ballot.counted && !r.counted).map((r) => r.ballot);
  await applyToTallies(tx, removed, -1);
  return removed;
}

export type ReviewAction = 'clear' | 'void';

/**
 * Moves ballots between review states and keeps tallies in step. Used by the
 * admin's review and by code voids (which void the ballots cast with them).
 */
export async function changeReview(
  db: Queryable,
  ballots: Awaited<ReturnType<typeof ballotsRepo.lockForReview>>,
  action: ReviewAction,
  userId: number | null,
  addFlag?: string,
): Promise<{ changed: number; campaigns: number[] }> {
  const target = action === 'clear' ? 'cleared' : 'voided';
  const rows = ballots.filter((b) => b.review !== target);
  const updates = rows.map((b) => ({ id: b.id, review: target, counted: b.processed && COUNTING_REVIEWS.has(target), addFlag }));
  if (!updates.length) return { changed: 0, campaigns: [] };
  await ballotsRepo.setReview(db, updates, userId);
  const added = rows.filter((b, i) => !b.counted && updates[i].counted);
  const removed = rows.filter((b, i) => b.counted && !updates[i].counted);
  await applyToTallies(db, added, 1);
  await applyToTallies(db, removed, -1);
  const campaigns = [...new Set([...added, ...removed].map((b) => b.campaignId))];
  await touchTallies(db, campaigns);
  return { changed: updates.length, campaigns };
}

/** An admin's review; the campaign's scores follow (a recompute is queued after the commit). */
export async function reviewBallots(ctx: Context, campaignId: number, ids: number[], action: ReviewAction, userId: number) {
  return ctx.database.transaction(async (tx) => {
    const ballots = await ballotsRepo.lockForReview(tx, { campaignId, ids });
    const found = new Set(ballots.map((b) => b.id));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) throw notFound('BALLOT_NOT_FOUND', `No ballot ${missing.slice(0, 5).join(', ')} in this campaign`);
    if (action === 'clear') {
      // Only a flagged ballot can be cleared; a void (by an admin, or of its code) stands.
      const notFlagged = ballots.filter((b) => b.review !== 'flagged' && b.review !== 'cleared');
      if (notFlagged.length) throw new AppError(409, 'BALLOT_NOT_FLAGGED', `Ballot ${notFlagged[0].id} was not flagged; nothing to clear`);
    }
    const result = await changeReview(tx, ballots, action, userId);
    await audit(tx, { userId, action: `ballots.${action}`, campaignId, target: ids.join(','), detail: { changed: result.changed } });
    if (result.campaigns.length) requestRecomputeAfterCommit(ctx, tx, campaignId);
    return result;
  });
}

/** An admin's review list: a page of ballots by review state, with the reasons, and how many there are in all. */
export async function listBallots(ctx: Context, campaignKey: string, query: z.output<typeof flaggedQuerySchema>): Promise<z.output<typeof flaggedPageSchema>> {
  const campaign = await requireCampaign(ctx.database, campaignKey);
  const filter = { campaignId: campaign.id, review: query.review, flag: query.flag, group: query.group === undefined ? undefined : parseFlagGroup(query.group), questionnaire: query.questionnaire };
  const rows = await ballotsRepo.reviewPage(ctx.database, filter, query.after, query.limit + 1);
  const total = await ballotsRepo.reviewTotal(ctx.database, filter);
  const page = rows.slice(0, query.limit);
  // What a reviewer needs to decide, only where there is a decision: every
  // value a list shows beside a ballot is one more a join could start from.
  const underReview = query.review !== 'none';
  return {
    ballots: page.map((r) => ({
      id: r.id,
      // The start only: a voter reading out a receipt can be matched, and no one can use it (followup, receipt page).
      receipt: underReview && r.receiptSealed ? ctx.secrets.unseal(r.receiptSealed).slice(0, RECEIPT_PREFIX_LENGTH) : null,
      questionnaire: r.questionnaireKey,
      group: r.groupKey,
      flags: r.flags,
      flagGroups: r.flagGroups,
      review: r.review as 'flagged',
      answeringMs: r.answeringMs,
      ratings: Object.keys(r.ratings).length,
      answers: underReview ? { ratings: r.ratings, problems: r.problems } : null,
      submittedAt: new Date(r.submittedAt).toISOString(),
      reviewedAt: r.reviewedAt ? new Date(r.reviewedAt).toISOString() : null,
    })),
    next: rows.length > query.limit ? page[page.length - 1].id : null,
    total,
  };
}

/** The flag groups with ballots in one review state, the largest first. */
export async function listFlagGroups(ctx: Context, campaignKey: string, query: z.output<typeof flagGroupsQuerySchema>): Promise<z.output<typeof flagGroupListSchema>> {
  const campaign = await requireCampaign(ctx.database, campaignKey);
  const rows = await ballotsRepo.flagGroups(ctx.database, campaign.id, query.review, query.limit);
  return {
    groups: rows.map(({ total: _total, first, last, ...g }) => ({ ...g, first: new Date(first).toISOString(), last: new Date(last).toISOString() })),
    total: rows[0]?.total ?? 0,
  };
}

/**
 * Clears or voids every ballot of one flag group still waiting for review, in
 * one transaction, audited with the reason. Ballots of the group already
 * reviewed keep their decision (a group such as "too-fast" grows as ballots
 * come in; judging the new ones does not undo the earlier judgement) and are
 * counted as skipped. Sent again, it changes nothing.
 */
export async function reviewFlagGroup(ctx: Context, campaignKey: string, groupId: string, { action, reason, expected }: { action: ReviewAction; reason: string; expected: number }, userId: number) {
  const campaign = await requireCampaign(ctx.database, campaignKey);
  const group = parseFlagGroup(groupId);
  return ctx.database.transaction(async (tx) => {
    const members = await ballotsRepo.lockGroup(tx, campaign.id, group);
    if (!members.length) throw notFound('FLAG_GROUP_NOT_FOUND', `No ballot of flag group "${groupId}" in this campaign`);
    const targets = members.filter((b) => b.review === 'flagged');
    // Only what the office saw: a group that gained (or lost) ballots to review since is refused, not judged unseen.
    // None left to review is the request sent again: it changes nothing.
    if (targets.length && targets.length !== expected) {
      throw new AppError(409, 'FLAG_GROUP_CHANGED', `Flag group "${groupId}" has ${targets.length} ballot(s) to review now, not ${expected}: look at them again`, [
        { path: 'expected', code: 'FLAG_GROUP_CHANGED', message: `${targets.length} to review now`, params: { count: targets.length } },
      ]);
    }
    const result = await changeReview(tx, targets, action, userId);
    const skipped = members.length - targets.length;
    if (result.changed) {
      await audit(tx, { userId, action: `ballots.group-${action}`, campaignId: campaign.id, target: groupId, detail: { reason, changed: result.changed, skipped, ballots: members.length } });
    }
    if (result.campaigns.length) requestRecomputeAfterCommit(ctx, tx, campaign.id);
    return { group: groupId, changed: result.changed, skipped };
  });
}
