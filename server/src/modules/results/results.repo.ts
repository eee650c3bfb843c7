import type { CampaignResult, RatingCount, ProblemCount } from '@minping/shared/scoring';
import { and, asc, count, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../infra/db.js';
import { wrote } from '../../infra/changes.js';
import { ballots, campaignResults, campaigns, publishedResults } from '../../db/schema.js';

// A ballot counts when the worker took it in and no admin set it aside: the
// same rule as ballots.counted, restated here so a rebuild checks the flag.
const COUNTS = `processed_at is not null and review in ('none', 'cleared')`;

export const resultsRepo = {
  // Raw SQL here: the scoring's aggregates (jsonb_each over every ballot, distinct
  // on, unions, a lateral join) and upserts the builder would only obscure.

  /** Ballots accepted but not yet taken in by the worker. */
  ballotsPending: async (db: Queryable, campaignId: number) =>
    (await db.db.select({ n: count() }).from(ballots).where(and(eq(ballots.campaignId, campaignId), isNull(ballots.processedAt))))[0].n,
  /** Flagged ballots still waiting for review (left out of the results). */
  ballotsFlagged: async (db: Queryable, campaignId: number) =>
    (await db.db.select({ n: count() }).from(ballots).where(and(eq(ballots.campaignId, campaignId), eq(ballots.review, 'flagged'))))[0].n,
  async markPublished(db: Queryable, campaignId: number) {
    await db.db.update(campaigns).set({ status: 'published', updatedAt: sql`now()` }).where(eq(campaigns.id, campaignId));
    wrote(db, 'campaigns');
  },
  /** Campaigns with published results, each with its newest version, newest campaign first. */
  publishedCampaigns: (db: Queryable) =>
    db.query<{ key: string; name: string; theme: string; year: number; series: string; version: number; published_at: Date }>(
      `select c.key, c.spec->>'name' as name, c.spec->>'theme' as theme, (c.spec->>'year')::int as year, c.series, p.version, p.published_at
         from campaigns c join lateral (select version, published_at from published_results where campaign_id = c.id order by version desc limit 1) p on true
        order by c.first_phase_start desc, c.id desc`,
    ),
  specOf: async (db: Queryable, campaignId: number) => (await db.db.select({ spec: campaigns.spec }).from(campaigns).where(eq(campaigns.id, campaignId)))[0]?.spec,
  ballotsTallied: async (db: Queryable, campaignId: number) =>
    Number((await db.query<{ n: number }>(`select coalesce(sum(count), 0)::int as n from ballot_tallies where campaign_id = $1`, [campaignId]))[0].n),
  ratingsFromTallies: (db: Queryable, campaignId: number) =>
    db.query<RatingCount>(
      `select questionnaire_key as questionnaire, unit_key as unit, group_key as "group", option_key as option, count::int as count
         from rating_tallies where campaign_id = $1 and count <> 0`,
      [campaignId],
    ),
  problemsFromTallies: (db: Queryable, campaignId: number) =>
    db.query<ProblemCount>(
      `select questionnaire_key as questionnaire, unit_key as unit, group_key as "group", problem_key as problem, count::int as count
         from problem_tallies where campaign_id = $1 and count <> 0`,
      [campaignId],
    ),
  ballotsFromTallies: (db: Queryable, campaignId: number) =>
    db.query<{ questionnaire: string; group: string; count: number }>(
      `select questionnaire_key as questionnaire, group_key as "group", count::int as count from ballot_tallies where campaign_id = $1`,
      [campaignId],
    ),
  ratingsFromBallots: (db: Queryable, campaignId: number) =>
    db.query<RatingCount>(
      `select questionnaire_key as questionnaire, r.key as unit, group_key as "group", r.value as option, count(*)::int as count
         from ballots, jsonb_each_text(ratings) as r where campaign_id = $1 and ${COUNTS} group by 1, 2, 3, 4`,
      [campaignId],
    ),
  problemsFromBallots: (db: Queryable, campaignId: number) =>
    db.query<ProblemCount>(
      `select questionnaire_key as questionnaire, p.key as unit, group_key as "group", x.problem, count(*)::int as count
         from ballots, jsonb_each(problems) as p, jsonb_array_elements_text(p.value) as x(problem)
        where campaign_id = $1 and ${COUNTS} and problems <> '{}'::jsonb group by 1, 2, 3, 4`,
      [campaignId],
    ),
  ballotsFromBallots: (db: Queryable, campaignId: number) =>
    db.query<{ questionnaire: string; group: string; count: number }>(
      `select questionnaire_key as questionnaire, group_key as "group", count(*)::int as count from ballots where campaign_id = $1 and ${COUNTS} group by 1, 2`,
      [campaignId],
    ),
  latestEntered: (db: Queryable, campaignId: number) =>
    db.query<{ component: string; unit: string; score: string }>(
      `select distinct on (component_key, unit_key) component_key as component, unit_key as unit, score::text as score
         from entered_scores where campaign_id = $1 order by component_key, unit_key, id desc`,
      [campaignId],
    ),
  activeVetoes: (db: Queryable, campaignId: number) =>
    db.query<{ unit: string; reason: string }>(
      `select distinct on (unit_key) unit_key as unit, reason from vetoes where campaign_id = $1 and revoked_at is null order by unit_key, id desc`,
      [campaignId],
    ),
  /** The result a later campaign builds on: the newest published version, else the latest computed. */
  standingResult: async (db: Queryable, campaignId: number): Promise<CampaignResult | null> => {
    const rows = await db.query<{ result: CampaignResult }>(
      `select result from (
         select result, 0 as pref, version from published_results where campaign_id = $1
         union all select result, 1, 0 from campaign_results where campaign_id = $1
       ) r order by pref, version desc limit 1`,
      [campaignId],
    );
    return rows[0]?.result ?? null;
  },
  seriesNeighbours: (db: Queryable, campaignId: number) =>
    db.query<{ id: number; key: string }>(
      `select c.id, c.key from campaigns c join campaigns me on me.id = $1 and c.series = me.series
        order by c.first_phase_start, c.id`,
      [campaignId],
    ),
  async saveResult(db: Queryable, campaignId: number, result: CampaignResult, ballotsCounted: number, talliesAsOf: string | null) {
    await db.query(
      `insert into campaign_results (campaign_id, result, computed_at, ballots_counted) values ($1, $2::jsonb, coalesce($4::timestamptz, now()), $3)
       on conflict (campaign_id) do update set result = excluded.result, computed_at = excluded.computed_at, ballots_counted = excluded.ballots_counted`,
      [campaignId, JSON.stringify(result), ballotsCounted, talliesAsOf],
    );
    wrote(db, 'campaign_results');
  },
  /**
   * The stamps that name the current version of a campaign's results, without the spec.
   * computed_at is the inputs' change mark, not the time of the computation: a
   * rebuild from raw ballots, or a recompute after the previous campaign of the
   * series changed, rewrites the result under the same computed_at. The row's
   * xmin (the transaction that last wrote it) moves on every write, so it
   * names the computation itself.
   */
  currentStamp: async (db: Queryable, campaignKey: string) =>
    (
      await db.query<{ id: number; updated_at: string; computed_at: string | null; written_by: string | null }>(
        `select c.id, c.updated_at::text, r.computed_at::text, r.xmin::text as written_by
           from campaigns c left join campaign_results r on r.campaign_id = c.id where c.key = $1`,
        [campaignKey],
      )
    )[0],
  /** The stamp that names a public answer's version (it moves on each publish and edit). */
  campaignStamp: async (db: Queryable, campaignKey: string) =>
    (await db.query<{ id: number; updated_at: string }>(`select id, updated_at::text from campaigns where key = $1`, [campaignKey]))[0],
  /** What a rankings read needs, in one query and without the spec (tens of kB of JSON to parse). */
  readStamp: async (db: Queryable, campaignKey: string) =>
    (
      await db.query<{ id: number; key: string; name: string; status: string; series: string; updated_at: string; computed_at: string | null }>(
        `select c.id, c.key, c.spec->>'name' as name, c.status, c.series, c.updated_at::text, r.computed_at::text
           from campaigns c left join campaign_results r on r.campaign_id = c.id where c.key = $1`,
        [campaignKey],
      )
    )[0],
  computedAt: (db: Queryable, campaignId: number) =>
    db.query<{ computed_at: string; ballots_counted: number }>(`select computed_at::text, ballots_counted::int from campaign_results where campaign_id = $1`, [campaignId]),
  computed: (db: Queryable, campaignId: number) =>
    db.db
      .select({ result: sql<CampaignResult>`${campaignResults.result}`, computedAt: campaignResults.computedAt, ballotsCounted: campaignResults.ballotsCounted })
      .from(campaignResults)
      .where(eq(campaignResults.campaignId, campaignId)),
  publishedVersions: (db: Queryable, campaignId: number) =>
    db.db
      .select({ version: publishedResults.version, publishedAt: publishedResults.publishedAt })
      .from(publishedResults)
      .where(eq(publishedResults.campaignId, campaignId))
      .orderBy(asc(publishedResults.version)),
  /** One published version, or the newest. */
  published: (db: Queryable, campaignId: number, version?: number) =>
    db.db
      .select({ version: publishedResults.version, result: sql<CampaignResult>`${publishedResults.result}`, inputs: publishedResults.inputs, publishedAt: publishedResults.publishedAt })
      .from(publishedResults)
      .where(and(eq(publishedResults.campaignId, campaignId), version ? eq(publishedResults.version, version) : undefined))
      .orderBy(desc(publishedResults.version))
      .limit(1),
  insertPublished: (db: Queryable, campaignId: number, result: CampaignResult, inputs: unknown, userId: number) =>
    db.query<{ version: number }>(
      `insert into published_results (campaign_id, version, result, inputs, published_by)
       select $1, coalesce(max(version), 0) + 1, $2::jsonb, $3::jsonb, $4 from published_results where campaign_id = $1
       returning version`,
      [campaignId, JSON.stringify(result), JSON.stringify(inputs), userId],
    ),
  // As text: a JS Date keeps milliseconds only, and a result stamped a few
  // microseconds before the change it saw would look stale forever.
  talliesChangedAt: async (db: Queryable, campaignId: number) =>
    (await db.query<{ at: string | null }>(`select tallies_changed_at::text as at from campaigns where id = $1`, [campaignId]))[0]?.at ?? null,
  /** Campaigns whose tallies changed after their last computed result. */
  staleResults: (db: Queryable) =>
    db.query<{ id: number }>(
      `select c.id from campaigns c left join campaign_results r on r.campaign_id = c.id
        where c.tallies_changed_at is not null and (r.computed_at is null or r.computed_at < c.tallies_changed_at)`,
    ),
};
