// What the progress page counts. Raw SQL: filtered counts, a full join and
// hour buckets in Shanghai time, each one statement the builder would only obscure.
import type { CampaignSpec } from '@minping/shared/spec';
import type { Queryable } from '../../infra/db.js';

export const progressRepo = {
  ballotTotals: async (db: Queryable, campaignId: number) =>
    (
      await db.query<{ ballots: number; processed: number; counted: number; flagged: number; voided: number }>(
        `select count(*)::int as ballots, count(processed_at)::int as processed, count(*) filter (where counted)::int as counted,
                count(*) filter (where review = 'flagged')::int as flagged, count(*) filter (where review = 'voided')::int as voided
           from ballots where campaign_id = $1`,
        [campaignId],
      )
    )[0],
  codeTotals: async (db: Queryable, campaignId: number) =>
    (
      await db.query<{ issued: number; used: number; voided: number }>(
        `select coalesce(sum(b.generated), 0)::int as issued,
                (select count(*) from codes c join code_batches x on x.id = c.batch_id where x.campaign_id = $1 and c.used_at is not null)::int as used,
                (select count(*) from codes c join code_batches x on x.id = c.batch_id where x.campaign_id = $1 and c.voided_at is not null)::int as voided
           from code_batches b where b.campaign_id = $1`,
        [campaignId],
      )
    )[0],
  byQuestionnaire: (db: Queryable, campaignId: number) =>
    db.query<{ questionnaire: string; group: string; ballots: number; flagged: number; codesIssued: number }>(
      `with b as (select questionnaire_key, group_key, count(*)::int as ballots, count(*) filter (where review = 'flagged')::int as flagged
                    from ballots where campaign_id = $1 group by 1, 2),
            c as (select questionnaire_key, group_key, sum(generated)::int as issued from code_batches where campaign_id = $1 and voided_at is null group by 1, 2)
       select coalesce(b.questionnaire_key, c.questionnaire_key) as questionnaire, coalesce(b.group_key, c.group_key) as "group",
              coalesce(b.ballots, 0) as ballots, coalesce(b.flagged, 0) as flagged, coalesce(c.issued, 0) as "codesIssued"
         from b full join c on c.questionnaire_key = b.questionnaire_key and c.group_key = b.group_key order by 1, 2`,
      [campaignId],
    ),
  /** Ballots per hour (Shanghai time) over the last 48 hours. */
  byHour: (db: Queryable, campaignId: number) =>
    db.query<{ hour: string; ballots: number }>(
      `select to_char(date_trunc('hour', submitted_at at time zone 'Asia/Shanghai'), 'YYYY-MM-DD"T"HH24:00') as hour, count(*)::int as ballots
         from ballots where campaign_id = $1 and submitted_at > now() - interval '48 hours' group by 1 order by 1`,
      [campaignId],
    ),
  /** The campaigns of a series in order, each with whether it has published results. */
  seriesCampaigns: (db: Queryable, series: string) =>
    db.query<{ id: number; key: string; spec: CampaignSpec; first_phase_start: string; published: boolean }>(
      `select c.id, c.key, c.spec, c.first_phase_start::text, exists (select 1 from published_results p where p.campaign_id = c.id) as published
         from campaigns c where c.series = $1 order by c.first_phase_start, c.id`,
      [series],
    ),
};
