import { and, eq, isNull } from 'drizzle-orm';
import type { Queryable } from '../../infra/db.js';
import { followupContacts, tasks } from '../../db/schema.js';

/**
 * The key the console knows a comment by, as SQL over a ballots row `b`:
 * a keyed hash of the ballot id (salt: $n). It is stable, so tasks and
 * contacts can name the comment, and it cannot be turned back into the ballot
 * id, which the ballots export shows beside every rating. Raw SQL therefore
 * wherever a comment is read by its key.
 */
export const commentKeySql = (saltParam: string) => `substr(encode(sha256(convert_to(${saltParam} || ':' || b.id::text, 'UTF8')), 'hex'), 1, 24)`;

export const followupRepo = {
  /** The ballot a receipt hash names: its campaign, comment, comment key, and whether a contact was left for it before comment keys existed. */
  ballotByReceipt: async (on: Queryable, receiptHashHex: string, salt: string) =>
    (
      await on.query<{ id: number; campaignId: number; comment: string | null; key: string; legacy: boolean }>(
        `select b.id::int as id, b.campaign_id as "campaignId", b.comment, ${commentKeySql('$2')} as key,
                exists (select 1 from followup_contacts f where f.ballot_id = b.id) as legacy
           from ballots b where b.receipt_hash = decode($1, 'hex')`,
        [receiptHashHex, salt],
      )
    )[0],
  /** Nothing (undefined) when a contact was already left for the comment. */
  insertContact: async (on: Queryable, row: { campaignId: number; commentKey: string; phoneSealed: Buffer; consent: string }) =>
    (await on.db.insert(followupContacts).values(row).onConflictDoNothing({ target: followupContacts.commentKey }).returning({ id: followupContacts.id }))[0],
  /** The sealed phone number left with a live task's comment. */
  contactOfTask: async (on: Queryable, taskId: number) =>
    (
      await on.db
        .select({ phoneSealed: followupContacts.phoneSealed, campaignId: tasks.campaignId })
        .from(tasks)
        .innerJoin(followupContacts, eq(followupContacts.id, tasks.followupContactId))
        .where(and(eq(tasks.id, taskId), isNull(tasks.removedAt)))
    )[0],
  /** A page of a campaign's comments in key order, after `after`, at most `limit` rows. */
  comments: (on: Queryable, campaignId: number, after: string, limit: number, salt: string) =>
    on.query<{ key: string; questionnaireKey: string; groupKey: string; comment: string; hasContact: boolean; tasks: number[] }>(
      `select x.key, x.questionnaire_key as "questionnaireKey", x.group_key as "groupKey", x.comment,
              exists (select 1 from followup_contacts f where f.comment_key = x.key or f.ballot_id = x.id) as "hasContact",
              coalesce((select array_agg(t.id order by t.id) from tasks t where t.campaign_id = $1 and t.source = 'comment' and t.source_ref = x.key and t.removed_at is null), '{}') as tasks
         from (select b.id, ${commentKeySql('$4')} as key, b.questionnaire_key, b.group_key, b.comment
                 from ballots b where b.campaign_id = $1 and b.comment is not null) x
        where x.key > $2 order by x.key limit $3`,
      [campaignId, after, limit, salt],
    ),
  /** The comment a key names, and the contact left with it, if any. */
  commentByKey: async (on: Queryable, campaignId: number, key: string, salt: string) =>
    (
      await on.query<{ comment: string; contact: number | null }>(
        `select x.comment, (select f.id from followup_contacts f where f.comment_key = x.key or f.ballot_id = x.id limit 1) as contact
           from (select b.id, b.comment, ${commentKeySql('$3')} as key from ballots b where b.campaign_id = $1 and b.comment is not null) x
          where x.key = $2`,
        [campaignId, key, salt],
      )
    )[0],
};
