// The check after a load: the running tallies against a full recount from the
// raw ballots. The submit benchmark reports it; the multi-process test asserts it.
import type { Queryable } from '../../server/src/infra/db.js';

/** Rows where the running tallies and a recount from raw ballots disagree (both directions). */
export async function tallyMismatches(db: Queryable, campaignId: number): Promise<{ ratings: number; problems: number; ballots: number }> {
  const counts = `processed_at is not null and review in ('none', 'cleared')`;
  const q = async (sql: string) => Number((await db.query<{ n: number }>(sql, [campaignId]))[0].n);
  const ratings = await q(`
    with t as (select questionnaire_key q, unit_key u, group_key g, option_key o, count::bigint n from rating_tallies where campaign_id = $1 and count <> 0),
         r as (select questionnaire_key q, x.key u, group_key g, x.value o, count(*)::bigint n from ballots, jsonb_each_text(ratings) x
                where campaign_id = $1 and ${counts} group by 1, 2, 3, 4)
    select count(*)::int as n from ((select * from t except select * from r) union all (select * from r except select * from t)) d`);
  const problems = await q(`
    with t as (select questionnaire_key q, unit_key u, group_key g, problem_key p, count::bigint n from problem_tallies where campaign_id = $1 and count <> 0),
         r as (select questionnaire_key q, x.key u, group_key g, y.p, count(*)::bigint n from ballots, jsonb_each(problems) x, jsonb_array_elements_text(x.value) y(p)
                where campaign_id = $1 and ${counts} group by 1, 2, 3, 4)
    select count(*)::int as n from ((select * from t except select * from r) union all (select * from r except select * from t)) d`);
  const ballots = await q(`
    with t as (select questionnaire_key q, group_key g, count::bigint n from ballot_tallies where campaign_id = $1 and count <> 0),
         r as (select questionnaire_key q, group_key g, count(*)::bigint n from ballots where campaign_id = $1 and ${counts} group by 1, 2)
    select count(*)::int as n from ((select * from t except select * from r) union all (select * from r except select * from t)) d`);
  return { ratings, problems, ballots };
}
