// 回访: a voter may leave a phone number with its comment, after the ballot is
// accepted, by its receipt. The number is sealed, kept in its own table, and
// shown only to the office when it records the follow-up call.
import { checkReceipt, normalizeCode } from '@minping/shared/codes';
import type { Context } from '../../context.js';
import type { Query } from '../../infra/db.js';
import { AppError } from '../../lib/errors.js';
import { audit } from '../audit/audit.repo.js';
import type { User } from '../auth/auth.service.js';

export const CONSENT_TEXT = '本人同意作风办就本条意见的办理情况电话回访，号码仅用于回访，不与评议内容一起公开。';

/**
 * The key the console knows a comment by, as SQL over a ballots row `b`:
 * a keyed hash of the ballot id (salt: $n). It is stable, so tasks and
 * contacts can name the comment, and it cannot be turned back into the ballot
 * id, which the ballots export shows beside every rating.
 */
export const commentKeySql = (saltParam: string) => `substr(encode(sha256(convert_to(${saltParam} || ':' || b.id::text, 'UTF8')), 'hex'), 1, 24)`;
export const COMMENT_KEY_PATTERN = /^[0-9a-f]{24}$/;

export async function leaveContact(ctx: Context, receipt: string, phone: string) {
  if (checkReceipt(receipt) !== 'ok') throw new AppError(400, 'RECEIPT_MALFORMED', 'That is not a receipt');
  const [ballot] = await ctx.database.query<{ id: number; campaign_id: number; comment: string | null; key: string; legacy: boolean }>(
    `select b.id::int as id, b.campaign_id, b.comment, ${commentKeySql('$2')} as key,
            exists (select 1 from followup_contacts f where f.ballot_id = b.id) as legacy
       from ballots b where b.receipt_hash = decode($1, 'hex')`,
    [ctx.secrets.hashReceipt(normalizeCode(receipt)).toString('hex'), ctx.secrets.commentSalt],
  );
  if (!ballot) throw new AppError(404, 'RECEIPT_UNKNOWN', 'No ballot has this receipt');
  if (!ballot.comment) throw new AppError(409, 'BAD_REQUEST', 'A follow-up is for a ballot with a comment');
  // The contact names the comment, not the ballot (see commentKeySql).
  const rows = ballot.legacy
    ? []
    : await ctx.database.query(
        `insert into followup_contacts (campaign_id, comment_key, phone_sealed, consent) values ($1, $2, $3, $4) on conflict (comment_key) do nothing returning id`,
        [ballot.campaign_id, ballot.key, ctx.secrets.seal(phone.replace(/[\s-]/g, '')), CONSENT_TEXT],
      );
  if (!rows.length) throw new AppError(409, 'BAD_REQUEST', 'A phone number was already left for this ballot');
  return { ok: true as const };
}

/** The office reads the number to make the call; the reading is audited. */
export async function revealContact(ctx: Context, user: User, taskId: number) {
  const [row] = await ctx.database.query<{ phone_sealed: Buffer; campaign_id: number }>(
    `select f.phone_sealed, t.campaign_id from tasks t join followup_contacts f on f.id = t.followup_contact_id where t.id = $1 and t.removed_at is null`,
    [taskId],
  );
  if (!row) throw new AppError(404, 'NOT_FOUND', 'This task has no follow-up contact');
  await audit(ctx.database.query, { userId: user.id, action: 'followup.reveal', campaignId: row.campaign_id, target: `task#${taskId}` });
  return { phone: ctx.secrets.unseal(row.phone_sealed), consent: CONSENT_TEXT };
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
  const rows = await ctx.database.query<{ key: string; questionnaire_key: string; group_key: string; comment: string; has_contact: boolean; tasks: number[] }>(
    `select x.key, x.questionnaire_key, x.group_key, x.comment,
            exists (select 1 from followup_contacts f where f.comment_key = x.key or f.ballot_id = x.id) as has_contact,
            coalesce((select array_agg(t.id order by t.id) from tasks t where t.campaign_id = $1 and t.source = 'comment' and t.source_ref = x.key and t.removed_at is null), '{}') as tasks
       from (select b.id, ${commentKeySql('$4')} as key, b.questionnaire_key, b.group_key, b.comment
               from ballots b where b.campaign_id = $1 and b.comment is not null) x
      where x.key > $2 order by x.key limit $3`,
    [campaignId, after, limit + 1, ctx.secrets.commentSalt],
  );
  const page = rows.slice(0, limit);
  return {
    comments: page.map((r) => ({ key: r.key, questionnaire: r.questionnaire_key, group: r.group_key, comment: r.comment, hasContact: r.has_contact, taskIds: r.tasks.map(Number) })),
    next: rows.length > limit ? page[page.length - 1].key : null,
  };
}

/** The comment a key names, and the contact left with it, if any (for making a task). */
export async function commentByKey(ctx: Context, q: Query, campaignId: number, key: string) {
  const [row] = await q<{ comment: string; contact: number | null }>(
    `select x.comment, (select f.id from followup_contacts f where f.comment_key = x.key or f.ballot_id = x.id limit 1) as contact
       from (select b.id, b.comment, ${commentKeySql('$3')} as key from ballots b where b.campaign_id = $1 and b.comment is not null) x
      where x.key = $2`,
    [campaignId, key, ctx.secrets.commentSalt],
  );
  return row;
}
