// 回访: a voter may leave a phone number with its comment, after the ballot is
// accepted, by its receipt. The number is sealed, kept in its own table, and
// shown only to the office when it records the follow-up call.
import { checkReceipt, normalizeCode } from '@minping/shared/codes';
import type { Context } from '../../context.js';
import { AppError } from '../../lib/errors.js';
import { audit } from '../audit/audit.repo.js';
import type { User } from '../auth/auth.service.js';

export const CONSENT_TEXT = '本人同意作风办就本条意见的办理情况电话回访，号码仅用于回访，不与评议内容一起公开。';

export async function leaveContact(ctx: Context, receipt: string, phone: string) {
  if (checkReceipt(receipt) !== 'ok') throw new AppError(400, 'RECEIPT_MALFORMED', 'That is not a receipt');
  const [ballot] = await ctx.database.query<{ id: number; campaign_id: number; comment: string | null }>(
    `select id::int as id, campaign_id, comment from ballots where receipt_hash = decode($1, 'hex')`,
    [ctx.secrets.hashReceipt(normalizeCode(receipt)).toString('hex')],
  );
  if (!ballot) throw new AppError(404, 'RECEIPT_UNKNOWN', 'No ballot has this receipt');
  if (!ballot.comment) throw new AppError(409, 'BAD_REQUEST', 'A follow-up is for a ballot with a comment');
  const rows = await ctx.database.query(
    `insert into followup_contacts (campaign_id, ballot_id, phone_sealed, consent) values ($1, $2, $3, $4) on conflict (ballot_id) do nothing returning id`,
    [ballot.campaign_id, ballot.id, ctx.secrets.seal(phone.replace(/[\s-]/g, '')), CONSENT_TEXT],
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

/** Ballot comments for the office to read and turn into tasks. */
export async function listComments(ctx: Context, campaignId: number, after: number, limit: number) {
  const rows = await ctx.database.query<{ id: number; questionnaire_key: string; group_key: string; comment: string; submitted_at: Date; review: string; has_contact: boolean; tasks: number[] }>(
    `select b.id::int as id, b.questionnaire_key, b.group_key, b.comment, b.submitted_at, b.review,
            exists (select 1 from followup_contacts f where f.ballot_id = b.id) as has_contact,
            coalesce((select array_agg(t.id order by t.id) from tasks t where t.campaign_id = b.campaign_id and t.source = 'comment' and t.source_ref = b.id::text and t.removed_at is null), '{}') as tasks
       from ballots b where b.campaign_id = $1 and b.comment is not null and b.id > $2 order by b.id limit $3`,
    [campaignId, after, limit + 1],
  );
  const page = rows.slice(0, limit);
  return {
    comments: page.map((r) => ({ ballotId: r.id, questionnaire: r.questionnaire_key, group: r.group_key, comment: r.comment, submittedAt: new Date(r.submitted_at).toISOString(), review: r.review, hasContact: r.has_contact, taskIds: r.tasks })),
    next: rows.length > limit ? page[page.length - 1].id : null,
  };
}
