import type { Query } from '../../infra/db.js';
import type { TalliedBallot } from './tallies.repo.js';

export interface PendingBallot extends TalliedBallot {
  id: number;
  answering_ms: number;
  review: string;
  flags: string[];
  has_device: boolean;
  device_before: number;
  address_recent: number;
}

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

export const ballotsRepo = {
  /**
   * Locks the still-unprocessed ballots among ids, with the counts the fraud
   * rules need, each counted only up to its campaign's limit (see factLimits).
   */
  lockPending: (q: Query, ids: number[], limits: { campaignId: number; device: number; address: number }[]) =>
    q<PendingBallot>(
      `select b.id::int as id, b.campaign_id, b.questionnaire_key, b.group_key, b.ratings, b.problems,
              b.answering_ms, b.review, b.flags, b.device_hash is not null as has_device,
              case when b.device_hash is null then 0 else
                (select count(*) from (select 1 from ballots d where d.campaign_id = b.campaign_id and d.device_hash = b.device_hash and d.id < b.id
                  limit l.device) d)
              end::int as device_before,
              (select count(*) from (select 1 from ballots a where a.campaign_id = b.campaign_id and a.address_hash = b.address_hash
                 and a.submitted_at > b.submitted_at - interval '60 seconds' and a.id < b.id limit l.address) a)::int as address_recent
         from ballots b
         join unnest($2::int[], $3::int[], $4::int[]) as l(campaign_id, device, address) on l.campaign_id = b.campaign_id
        where b.id = any($1::bigint[]) and b.processed_at is null
        order by b.id
          for update of b skip locked`,
      [ids, limits.map((l) => l.campaignId), limits.map((l) => l.device), limits.map((l) => l.address)],
    ),
  markProcessed: (q: Query, rows: { id: number; flags: string[]; review: string; counted: boolean }[]) =>
    q(
      `update ballots b set processed_at = now(), flags = string_to_array(t.flags, ','), review = t.review, counted = t.counted
         from unnest($1::bigint[], $2::text[], $3::text[], $4::boolean[]) as t(id, flags, review, counted)
        where b.id = t.id`,
      [rows.map((r) => r.id), rows.map((r) => r.flags.join(',')), rows.map((r) => r.review), rows.map((r) => r.counted)],
    ),
  /** Ballots processed-or-not, locked, for a review action or a code void. */
  lockForReview: (q: Query, where: { campaignId: number; ids: number[] } | { codeIds: number[] }) =>
    'codeIds' in where
      ? q<TalliedBallot & { id: number; review: string; counted: boolean; processed: boolean; flags: string[] }>(
          `select id::int as id, campaign_id, questionnaire_key, group_key, ratings, problems, review, counted, flags,
                  processed_at is not null as processed
             from ballots where code_id = any($1::bigint[]) order by id for update`,
          [where.codeIds],
        )
      : q<TalliedBallot & { id: number; review: string; counted: boolean; processed: boolean; flags: string[] }>(
          `select id::int as id, campaign_id, questionnaire_key, group_key, ratings, problems, review, counted, flags,
                  processed_at is not null as processed
             from ballots where campaign_id = $1 and id = any($2::bigint[]) order by id for update`,
          [where.campaignId, where.ids],
        ),
  setReview: (q: Query, rows: { id: number; review: string; counted: boolean; addFlag?: string }[], userId: number | null) =>
    q(
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
  exportPage: (q: Query, campaignId: number, afterId: number, limit: number) =>
    q<ExportedBallot>(
      `select b.id::int as id, b.questionnaire_key, b.group_key,
              to_char(b.submitted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as submitted_at,
              b.answering_ms, b.review, array_to_string(b.flags, ';') as flags, b.counted, b.ratings, b.problems
         from ballots b where b.campaign_id = $1 and b.id > $2 order by b.id limit $3`,
      [campaignId, afterId, limit],
    ),
  /** Accepted ballots the worker has not taken in after `olderThanMs`: lost jobs. */
  stale: (q: Query, olderThanMs: number, limit: number) =>
    q<{ id: number }>(
      `select b.id::int as id from ballots b where b.processed_at is null and b.submitted_at < now() - ($1::int * interval '1 millisecond') order by b.id limit $2`,
      [olderThanMs, limit],
    ),
};
