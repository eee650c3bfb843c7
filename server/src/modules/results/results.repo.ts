import type { CampaignResult, RatingCount, ProblemCount } from '@minping/shared/scoring';
import type { CampaignSpec } from '@minping/shared/spec';
import type { Query } from '../../infra/db.js';

// A ballot counts when the worker took it in and no admin set it aside: the
// same rule as ballots.counted, restated here so a rebuild checks the flag.
const COUNTS = `processed_at is not null and review in ('none', 'cleared')`;

export const resultsRepo = {
  specOf: async (q: Query, campaignId: number) => (await q<{ spec: CampaignSpec }>(`select spec from campaigns where id = $1`, [campaignId]))[0]?.spec,
  ballotsTallied: async (q: Query, campaignId: number) =>
    Number((await q<{ n: number }>(`select coalesce(sum(count), 0)::int as n from ballot_tallies where campaign_id = $1`, [campaignId]))[0].n),
  ratingsFromTallies: (q: Query, campaignId: number) =>
    q<RatingCount>(
      `select questionnaire_key as questionnaire, unit_key as unit, group_key as "group", option_key as option, count::int as count
         from rating_tallies where campaign_id = $1 and count <> 0`,
      [campaignId],
    ),
  problemsFromTallies: (q: Query, campaignId: number) =>
    q<ProblemCount>(
      `select questionnaire_key as questionnaire, unit_key as unit, group_key as "group", problem_key as problem, count::int as count
         from problem_tallies where campaign_id = $1 and count <> 0`,
      [campaignId],
    ),
  ballotsFromTallies: (q: Query, campaignId: number) =>
    q<{ questionnaire: string; group: string; count: number }>(
      `select questionnaire_key as questionnaire, group_key as "group", count::int as count from ballot_tallies where campaign_id = $1`,
      [campaignId],
    ),
  ratingsFromBallots: (q: Query, campaignId: number) =>
    q<RatingCount>(
      `select questionnaire_key as questionnaire, r.key as unit, group_key as "group", r.value as option, count(*)::int as count
         from ballots, jsonb_each_text(ratings) as r where campaign_id = $1 and ${COUNTS} group by 1, 2, 3, 4`,
      [campaignId],
    ),
  problemsFromBallots: (q: Query, campaignId: number) =>
    q<ProblemCount>(
      `select questionnaire_key as questionnaire, p.key as unit, group_key as "group", x.problem, count(*)::int as count
         from ballots, jsonb_each(problems) as p, jsonb_array_elements_text(p.value) as x(problem)
        where campaign_id = $1 and ${COUNTS} and problems <> '{}'::jsonb group by 1, 2, 3, 4`,
      [campaignId],
    ),
  ballotsFromBallots: (q: Query, campaignId: number) =>
    q<{ questionnaire: string; group: string; count: number }>(
      `select questionnaire_key as questionnaire, group_key as "group", count(*)::int as count from ballots where campaign_id = $1 and ${COUNTS} group by 1, 2`,
      [campaignId],
    ),
  latestEntered: (q: Query, campaignId: number) =>
    q<{ component: string; unit: string; score: string }>(
      `select distinct on (component_key, unit_key) component_key as component, unit_key as unit, score::text as score
         from entered_scores where campaign_id = $1 order by component_key, unit_key, id desc`,
      [campaignId],
    ),
  activeVetoes: (q: Query, campaignId: number) =>
    q<{ unit: string; reason: string }>(
      `select distinct on (unit_key) unit_key as unit, reason from vetoes where campaign_id = $1 and revoked_at is null order by unit_key, id desc`,
      [campaignId],
    ),
  /** The result a later campaign builds on: the newest published version, else the latest computed. */
  standingResult: async (q: Query, campaignId: number): Promise<CampaignResult | null> => {
    const rows = await q<{ result: CampaignResult }>(
      `select result from (
         select result, 0 as pref, version from published_results where campaign_id = $1
         union all select result, 1, 0 from campaign_results where campaign_id = $1
       ) r order by pref, version desc limit 1`,
      [campaignId],
    );
    return rows[0]?.result ?? null;
  },
  seriesNeighbours: (q: Query, campaignId: number) =>
    q<{ id: number; key: string }>(
      `select c.id, c.key from campaigns c join campaigns me on me.id = $1 and c.series = me.series
        order by c.first_phase_start, c.id`,
      [campaignId],
    ),
  saveResult: (q: Query, campaignId: number, result: CampaignResult, ballotsCounted: number, talliesAsOf: string | null) =>
    q(
      `insert into campaign_results (campaign_id, result, computed_at, ballots_counted) values ($1, $2::jsonb, coalesce($4::timestamptz, now()), $3)
       on conflict (campaign_id) do update set result = excluded.result, computed_at = excluded.computed_at, ballots_counted = excluded.ballots_counted`,
      [campaignId, JSON.stringify(result), ballotsCounted, talliesAsOf],
    ),
  /**
   * The stamps that name the current version of a campaign's results, without the spec.
   * computed_at is the inputs' change mark, not the time of the computation: a
   * rebuild from raw ballots, or a recompute after the previous campaign of the
   * series changed, rewrites the result under the same computed_at. The row's
   * xmin (the transaction that last wrote it) moves on every write, so it
   * names the computation itself.
   */
  currentStamp: async (q: Query, campaignKey: string) =>
    (
      await q<{ id: number; updated_at: string; computed_at: string | null; written_by: string | null }>(
        `select c.id, c.updated_at::text, r.computed_at::text, r.xmin::text as written_by
           from campaigns c left join campaign_results r on r.campaign_id = c.id where c.key = $1`,
        [campaignKey],
      )
    )[0],
  /** The stamp that names a public answer's version (it moves on each publish and edit). */
  campaignStamp: async (q: Query, campaignKey: string) =>
    (await q<{ id: number; updated_at: string }>(`select id, updated_at::text from campaigns where key = $1`, [campaignKey]))[0],
  /** What a rankings read needs, in one query and without the spec (tens of kB of JSON to parse). */
  readStamp: async (q: Query, campaignKey: string) =>
    (
      await q<{ id: number; key: string; name: string; status: string; series: string; updated_at: string; computed_at: string | null }>(
        `select c.id, c.key, c.spec->>'name' as name, c.status, c.series, c.updated_at::text, r.computed_at::text
           from campaigns c left join campaign_results r on r.campaign_id = c.id where c.key = $1`,
        [campaignKey],
      )
    )[0],
  computedAt: (q: Query, campaignId: number) =>
    q<{ computed_at: string; ballots_counted: number }>(`select computed_at::text, ballots_counted::int from campaign_results where campaign_id = $1`, [campaignId]),
  computed: (q: Query, campaignId: number) =>
    q<{ result: CampaignResult; computed_at: Date; ballots_counted: number }>(`select result, computed_at, ballots_counted::int from campaign_results where campaign_id = $1`, [campaignId]),
  publishedVersions: (q: Query, campaignId: number) =>
    q<{ version: number; published_at: Date }>(`select version, published_at from published_results where campaign_id = $1 order by version`, [campaignId]),
  published: (q: Query, campaignId: number, version?: number) =>
    q<{ version: number; result: CampaignResult; inputs: unknown; published_at: Date }>(
      version
        ? `select version, result, inputs, published_at from published_results where campaign_id = $1 and version = $2`
        : `select version, result, inputs, published_at from published_results where campaign_id = $1 order by version desc limit 1`,
      version ? [campaignId, version] : [campaignId],
    ),
  insertPublished: (q: Query, campaignId: number, result: CampaignResult, inputs: unknown, userId: number) =>
    q<{ version: number }>(
      `insert into published_results (campaign_id, version, result, inputs, published_by)
       select $1, coalesce(max(version), 0) + 1, $2::jsonb, $3::jsonb, $4 from published_results where campaign_id = $1
       returning version`,
      [campaignId, JSON.stringify(result), JSON.stringify(inputs), userId],
    ),
  // As text: a JS Date keeps milliseconds only, and a result stamped a few
  // microseconds before the change it saw would look stale forever.
  talliesChangedAt: async (q: Query, campaignId: number) =>
    (await q<{ at: string | null }>(`select tallies_changed_at::text as at from campaigns where id = $1`, [campaignId]))[0]?.at ?? null,
  /** Campaigns whose tallies changed after their last computed result. */
  staleResults: (q: Query) =>
    q<{ id: number }>(
      `select c.id from campaigns c left join campaign_results r on r.campaign_id = c.id
        where c.tallies_changed_at is not null and (r.computed_at is null or r.computed_at < c.tallies_changed_at)`,
    ),
};
