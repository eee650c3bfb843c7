// 回访: a voter may leave a phone number with its comment, after the ballot is
// accepted, by its receipt. The number is sealed, kept in its own table, and
// shown only to the office when it records the follow-up call.
import { checkReceipt, normalizeCode } from '@minping/shared/codes';
import type { Context } from '../../context.js';
import type { Queryable } from '../../infra/db.js';
import { AppError, notFound } from '../../lib/errors.js';
import { audit } from '../audit/audit.repo.js';
import type { User } from '../auth/auth.service.js';
import { followupRepo } from './followup.repo.js';

export const CONSENT_TEXT = '本人同意作风办就本条意见的办理情况电话回访，号码仅用于回访，不与评议内容一起公开。';

// A comment is named by its key (see commentKeySql in followup.repo), never by its ballot.

export async function leaveContact(ctx: Context, receipt: string, phone: string) {
  if (checkReceipt(receipt) !== 'ok') throw new AppError(400, 'RECEIPT_MALFORMED', 'That is not a receipt');
  const ballot = await followupRepo.ballotByReceipt(ctx.database, ctx.secrets.hashReceipt(normalizeCode(receipt)).toString('hex'), ctx.secrets.commentSalt);
  if (!ballot) throw notFound('RECEIPT_UNKNOWN', 'No ballot has this receipt');
  if (!ballot.comment) throw new AppError(409, 'BAD_REQUEST', 'A follow-up is for a ballot with a comment');
  // The contact names the comment, not the ballot (see commentKeySql).
  const stored = ballot.legacy
    ? undefined
    : await followupRepo.insertContact(ctx.database, { campaignId: ballot.campaignId, commentKey: ballot.key, phoneSealed: ctx.secrets.seal(phone.replace(/[\s-]/g, '')), consent: CONSENT_TEXT });
  if (!stored) throw new AppError(409, 'BAD_REQUEST', 'A phone number was already left for this ballot');
  return { ok: true as const };
}

/** The office reads the number to make the call; the reading is audited. */
export async function revealContact(ctx: Context, user: User, taskId: number) {
  const row = await followupRepo.contactOfTask(ctx.database, taskId);
  if (!row) throw notFound('NOT_FOUND', 'This task has no follow-up contact');
  await audit(ctx.database, { userId: user.id, action: 'followup.reveal', campaignId: row.campaignId, target: `task#${taskId}` });
  return { phone: ctx.secrets.unseal(row.phoneSealed), consent: CONSENT_TEXT };
}

/**
 * Ballot comments for the office to read and turn into tasks: the text and
 * what was answered (questionnaire, group), named by their key and in the
 * order of their keys. Nothing here (no ballot id, no time, not even the day,
 * no review state) narrows a comment to a row of the ballots export: a day
 * with one ballot of a group would, so a comment, its task and a phone number
 * left with it cannot be joined to the voter's ratings.
 */
export async function listComments(ctx: Context, campaignId: number, after: string, limit: number) {
  const rows = await followupRepo.comments(ctx.database, campaignId, after, limit + 1, ctx.secrets.commentSalt);
  const page = rows.slice(0, limit);
  return {
    comments: page.map((r) => ({ key: r.key, questionnaire: r.questionnaireKey, group: r.groupKey, comment: r.comment, hasContact: r.hasContact, taskIds: r.tasks.map(Number) })),
    next: rows.length > limit ? page[page.length - 1].key : null,
  };
}

/** The comment a key names, and the contact left with it, if any (for making a task). */
export function commentByKey(ctx: Context, on: Queryable, campaignId: number, key: string) {
  return followupRepo.commentByKey(on, campaignId, key, ctx.secrets.commentSalt);
}
