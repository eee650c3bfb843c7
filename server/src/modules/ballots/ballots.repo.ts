import { and, count, eq, gt, isNull, sql } from 'drizzle-orm';
import type { CampaignSpec } from '@minping/shared/spec';
import type { Queryable } from '../../infra/db.js';
import { ballots } from '../../db/schema.js';
import type { TalliedBallot } from './tallies.repo.js';
import { GROUP_HASH_HEX, type FlagGroup } from './fraud.js';

type BallotRow = typeof ballots.$inferSelect;

/** A ballot the worker takes in, with the counts the fraud rules need. */
export type PendingBallot = TalliedBallot &
  Pick<BallotRow, 'id' | 'answeringMs' | 'review' | 'flags'> & {
    hasDevice: boolean;
    deviceBefore: number;
    addressRecent: number;
    /** A later ballot of its device was taken in already (it may have to be counted again: see processBallots). */
    laterOfDevice: boolean;
  };

/** A ballot under review or void, locked. */
export type ReviewedBallot = TalliedBallot & Pick<BallotRow, 'id' | 'review' | 'counted' | 'flags'> & { processed: boolean };

/** The columns of TalliedBallot, named as its fields. */
const TALLIED = `campaign_id as "campaignId", questionnaire_key as "questionnaireKey", group_key as "groupKey", ratings, problems`;

/** A ballot as the CSV export shows it (text made by PostgreSQL, not a row: see exportPage). */
export interface ExportedBallot {
  id: number;
  questionnaire_key: string;
  group_key: string;
  /** UTC, ISO 8601 with milliseconds. */
  submitted_at: string;
  answering_ms: number;
  review: string;
  /** Joined with ';'. */
  flags: string;
  counted: boolean;
  ratings: Record<string, string>;
  problems: Record<string, string[]>;
}

/** Which ballots an admin's review list shows. */
export interface ReviewFilter {
  campaignId: number;
  review: string;
  flag?: string;
  group?: FlagGroup;
  questionnaire?: string;
}

/**
 * The id of the flag group a ballot `b` is in for flag `f` (contracts/ballots
 * FLAG_GROUP_PATTERN): the start of its device's or address's keyed hash, and
 * for a burst the UTC minute it was accepted in.
 */
const groupIdSql = (f: string, b = 'b') =>
  `case ${f} when 'device' then 'device-' || substr(encode(${b}.device_hash, 'hex'), 1, ${GROUP_HASH_HEX})
     when 'burst' then 'burst-' || substr(encode(${b}.address_hash, 'hex'), 1, ${GROUP_HASH_HEX}) || '-' || to_char(${b}.submitted_at at time zone 'UTC', 'YYYYMMDDHH24MI')
     else ${f} end`;

/** The hashes that start with `prefix` (hex), as a range the device and address indexes can walk. */
const hashRange = (prefix: string) => [Buffer.from(prefix.padEnd(32, '0'), 'hex'), Buffer.from(prefix.padEnd(32, 'f'), 'hex')] as const;

/** The ballots of one flag group. */
const inGroup = (g: FlagGroup) => {
  if ('hashPrefix' in g && g.rule === 'device') {
    const [lo, hi] = hashRange(g.hashPrefix);
    return sql`'device' = any(${ballots.flags}) and ${ballots.deviceHash} between ${lo} and ${hi}`;
  }
  if ('from' in g) {
    const [lo, hi] = hashRange(g.hashPrefix);
    return sql`'burst' = any(${ballots.flags}) and ${ballots.addressHash} between ${lo} and ${hi}
      and ${ballots.submittedAt} >= ${g.from.toISOString()}::timestamptz and ${ballots.submittedAt} < ${g.from.toISOString()}::timestamptz + interval '1 minute'`;
  }
  return sql`${g.rule} = any(${ballots.flags})`;
};

const inReview = (f: ReviewFilter) =>
  and(
    eq(ballots.campaignId, f.campaignId),
    eq(ballots.review, f.review),
    f.flag === undefined ? undefined : sql`${f.flag} = any(${ballots.flags})`,
    f.group === undefined ? undefined : inGroup(f.group),
    f.questionnaire === undefined ? undefined : eq(ballots.questionnaireKey, f.questionnaire),
  );

export const ballotsRepo = {
  // Raw SQL in what follows: the worker's and the reviewers' set-based
  // statements (row locks with counted subqueries, updates from unnest), which
  // the builder cannot say, and one array parameter where it would send thousands.

  /** The specs of the campaigns the given ballots belong to. */
  async specsOfBallots(db: Queryable, ballotIds: number[]): Promise<Map<number, CampaignSpec>> {
    const rows = await db.query<{ id: number; spec: CampaignSpec }>(
      `select id, spec from campaigns where id in (select campaign_id from ballots where id = any($1::bigint[]))`,
      [ballotIds],
    );
    return new Map(rows.map((r) => [Number(r.id), r.spec]));
  },
  /**
   * A page of the review list, in id order after `afterId`: the answers and the
   * sealed receipt (the service shows its start), the flag groups, no hashes,
   * and never the comment nor whether there is one (see flaggedBallotSchema).
   */
  reviewPage: (db: Queryable, f: ReviewFilter, afterId: number, limit: number) =>
    db.db
      .select({
        id: ballots.id,
        receiptSealed: ballots.receiptSealed,
        questionnaireKey: ballots.questionnaireKey,
        groupKey: ballots.groupKey,
        flags: ballots.flags,
        flagGroups: sql<string[]>`array(select ${sql.raw(groupIdSql('f', '"ballots"'))} from unnest("ballots".flags) as f)`,
        review: ballots.review,
        answeringMs: ballots.answeringMs,
        ratings: ballots.ratings,
        problems: ballots.problems,
        submittedAt: ballots.submittedAt,
        reviewedAt: ballots.reviewedAt,
      })
      .from(ballots)
      .where(and(inReview(f), gt(ballots.id, afterId)))
      .orderBy(ballots.id)
      .limit(limit),
  /**
   * The flag groups of a campaign with at least one ballot in review state
   * `review`, the most such ballots first, and how many there are in all.
   */
  flagGroups: (db: Queryable, campaignId: number, review: string, limit: number) =>
    db.query<{ id: string; rule: string; flagged: number; cleared: number; voided: number; alsoFlaggedOtherwise: number; first: Date; last: Date; total: number }>(
      `select g.id, g.rule, g.flagged, g.cleared, g.voided, g.other as "alsoFlaggedOtherwise", g.first, g.last, count(*) over ()::int as total
         from (select ${groupIdSql('f.rule')} as id, f.rule,
                      count(*) filter (where b.review = 'flagged')::int as flagged,
                      count(*) filter (where b.review = 'cleared')::int as cleared,
                      count(*) filter (where b.review = 'voided')::int as voided,
                      count(*) filter (where b.review = 'flagged' and cardinality(b.flags) > 1)::int as other,
                      count(*) filter (where b.review = $2)::int as here,
                      min(b.submitted_at) as first, max(b.submitted_at) as last
                 from ballots b cross join lateral unnest(b.flags) as f(rule)
                where b.campaign_id = $1 and cardinality(b.flags) > 0
                group by 1, 2) g
        where g.here > 0
        order by g.here desc, g.id
        limit $3`,
      [campaignId, review, limit],
    ),
  /** The ballots of one flag group, locked, for a review of the whole group. */
  lockGroup: (db: Queryable, campaignId: number, group: FlagGroup) =>
    db.db
      .select({
        id: sql<number>`${ballots.id}::int`,
        campaignId: ballots.campaignId,
        questionnaireKey: ballots.questionnaireKey,
        groupKey: ballots.groupKey,
        ratings: ballots.ratings,
        problems: ballots.problems,
        review: ballots.review,
        counted: ballots.counted,
        flags: ballots.flags,
        processed: sql<boolean>`${ballots.processedAt} is not null`,
      })
      .from(ballots)
      .where(and(eq(ballots.campaignId, campaignId), inGroup(group)))
      .orderBy(ballots.id)
      .for('update'),
  /** Ballots of every campaign the worker has not taken in yet. */
  unprocessed: async (db: Queryable) => (await db.db.select({ n: count() }).from(ballots).where(isNull(ballots.processedAt)))[0].n,
  reviewTotal: async (db: Queryable, f: ReviewFilter) => (await db.db.select({ total: count() }).from(ballots).where(inReview(f)))[0].total,
  /**
   * Locks the still-unprocessed ballots among ids, with the counts the fraud
   * rules need, each counted only up to its campaign's limit (see factLimits).
   */
  lockPending: (db: Queryable, ids: number[], limits: { campaignId: number; device: number; address: number }[]) =>
    db.query<PendingBallot>(
      `select b.id::int as id, b.campaign_id as "campaignId", b.questionnaire_key as "questionnaireKey", b.group_key as "groupKey", b.ratings, b.problems,
              b.answering_ms as "answeringMs", b.review, b.flags, b.device_hash is not null as "hasDevice",
              case when b.device_hash is null then 0 else
                (select count(*) from (select 1 from ballots d where d.campaign_id = b.campaign_id and d.device_hash = b.device_hash and d.id < b.id
                  limit l.device) d)
              end::int as "deviceBefore",
              b.device_hash is not null and l.device > 0 and exists (select 1 from ballots x where x.campaign_id = b.campaign_id and x.device_hash = b.device_hash
                and x.id > b.id and x.processed_at is not null) as "laterOfDevice",
              (select count(*) from (select 1 from ballots a where a.campaign_id = b.campaign_id and a.address_hash = b.address_hash
                 and a.submitted_at > b.submitted_at - interval '60 seconds' and a.id < b.id limit l.address) a)::int as "addressRecent"
         from ballots b
         join unnest($2::int[], $3::int[], $4::int[]) as l(campaign_id, device, address) on l.campaign_id = b.campaign_id
        where b.id = any($1::bigint[]) and b.processed_at is null
        order by b.id
          for update of b skip locked`,
      [ids, limits.map((l) => l.campaignId), limits.map((l) => l.device), limits.map((l) => l.address)],
    ),
  /**
   * Ballots already taken in that come after one of `ids` from the same device
   * and are not flagged for it, locked, each with its count of earlier ballots
   * from the device (up to the campaign's limit). Driven from the devices of
   * `ids` through the device index: a device has few ballots.
   */
  lockLaterOfDevices: (db: Queryable, ids: number[], limits: { campaignId: number; device: number }[]) =>
    db.query<ReviewedBallot & { deviceBefore: number }>(
      `with p as (select campaign_id, device_hash, min(id) as first from ballots where id = any($1::bigint[]) and device_hash is not null group by 1, 2)
       select x.id::int as id, x.campaign_id as "campaignId", x.questionnaire_key as "questionnaireKey", x.group_key as "groupKey", x.ratings, x.problems,
              x.review, x.counted, x.flags, true as processed,
              (select count(*) from (select 1 from ballots d where d.campaign_id = x.campaign_id and d.device_hash = x.device_hash and d.id < x.id limit l.device) d)::int as "deviceBefore"
         from p
         join unnest($2::int[], $3::int[]) as l(campaign_id, device) on l.campaign_id = p.campaign_id and l.device > 0
         join ballots x on x.campaign_id = p.campaign_id and x.device_hash = p.device_hash and x.id > p.first
        where x.processed_at is not null and not ('device' = any(x.flags)) and x.id <> all($1::bigint[])
        order by x.id
          for update of x`,
      [ids, limits.map((l) => l.campaignId), limits.map((l) => l.device)],
    ),
  /** Adds a flag to ballots already taken in, with the review and counting it leads to (no reviewer: the rules did it). */
  addFlag: (db: Queryable, rows: { id: number; review: string; counted: boolean }[], flag: string) =>
    db.query(
      `update ballots b set flags = array_append(b.flags, $4), review = t.review, counted = t.counted
         from unnest($1::bigint[], $2::text[], $3::boolean[]) as t(id, review, counted)
        where b.id = t.id and not ($4 = any(b.flags))`,
      [rows.map((r) => r.id), rows.map((r) => r.review), rows.map((r) => r.counted), flag],
    ),
  markProcessed: (db: Queryable, rows: { id: number; flags: string[]; review: string; counted: boolean }[]) =>
    db.query(
      `update ballots b set processed_at = now(), flags = string_to_array(t.flags, ','), review = t.review, counted = t.counted
         from unnest($1::bigint[], $2::text[], $3::text[], $4::boolean[]) as t(id, flags, review, counted)
        where b.id = t.id`,
      [rows.map((r) => r.id), rows.map((r) => r.flags.join(',')), rows.map((r) => r.review), rows.map((r) => r.counted)],
    ),
  /** Ballots processed-or-not, locked, for a review action or a code void. */
  lockForReview: (db: Queryable, where: { campaignId: number; ids: number[] } | { codeIds: number[] }) =>
    'codeIds' in where
      ? db.query<ReviewedBallot>(
          `select id::int as id, ${TALLIED}, review, counted, flags, processed_at is not null as processed
             from ballots where code_id = any($1::bigint[]) order by id for update`,
          [where.codeIds],
        )
      : db.query<ReviewedBallot>(
          `select id::int as id, ${TALLIED}, review, counted, flags, processed_at is not null as processed
             from ballots where campaign_id = $1 and id = any($2::bigint[]) order by id for update`,
          [where.campaignId, where.ids],
        ),
  setReview: (db: Queryable, rows: { id: number; review: string; counted: boolean; addFlag?: string }[], userId: number | null) =>
    db.query(
      `update ballots b set review = t.review, counted = t.counted, reviewed_by = $5, reviewed_at = now(),
              flags = case when t.flag = '' or t.flag = any(b.flags) then b.flags else array_append(b.flags, t.flag) end
         from unnest($1::bigint[], $2::text[], $3::boolean[], $4::text[]) as t(id, review, counted, flag)
        where b.id = t.id`,
      [rows.map((r) => r.id), rows.map((r) => r.review), rows.map((r) => r.counted), rows.map((r) => r.addFlag ?? ''), userId],
    ),
  /**
   * A page of a campaign's ballots in id order, after `afterId` (the export
   * walks these). Ordered by b.id, the column: "order by id" would mean the
   * id::int output and sort the whole campaign for every page. The time and
   * the flags come as the text the CSV shows, which spares a Date and an
   * array per row.
   */
  exportPage: (db: Queryable, campaignId: number, afterId: number, limit: number) =>
    db.query<ExportedBallot>(
      `select b.id::int as id, b.questionnaire_key, b.group_key,
              to_char(b.submitted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as submitted_at,
              b.answering_ms, b.review, array_to_string(b.flags, ';') as flags, b.counted, b.ratings, b.problems
         from ballots b where b.campaign_id = $1 and b.id > $2 order by b.id limit $3`,
      [campaignId, afterId, limit],
    ),
  /** Accepted ballots the worker has not taken in after `olderThanMs`: lost jobs. */
  stale: (db: Queryable, olderThanMs: number, limit: number) =>
    db.query<{ id: number }>(
      `select b.id::int as id from ballots b where b.processed_at is null and b.submitted_at < now() - ($1::int * interval '1 millisecond') order by b.id limit $2`,
      [olderThanMs, limit],
    ),
};
