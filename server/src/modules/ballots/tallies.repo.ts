// Running tallies: every change of which ballots count goes through here, in
// the same transaction as the change itself, so tallies never drift.
import type { Queryable } from '../../infra/db.js';
import type { ballots } from '../../db/schema.js';

/** What the tallies count of a ballot. */
export type TalliedBallot = Pick<typeof ballots.$inferSelect, 'campaignId' | 'questionnaireKey' | 'groupKey' | 'ratings' | 'problems'>;

/**
 * Adds (sign 1) or removes (sign -1) ballots from the tallies. Rows are
 * aggregated first and written in key order, so concurrent writers lock rows
 * in the same order and cannot deadlock.
 */
export async function applyToTallies(db: Queryable, ballots: TalliedBallot[], sign: 1 | -1): Promise<void> {
  if (!ballots.length) return;
  const ratings = new Map<string, number>();
  const problems = new Map<string, number>();
  const perBallot = new Map<string, number>();
  const sep = '\u0000';
  for (const b of ballots) {
    const bk = [b.campaignId, b.questionnaireKey, b.groupKey].join(sep);
    perBallot.set(bk, (perBallot.get(bk) ?? 0) + sign);
    for (const [unit, option] of Object.entries(b.ratings)) {
      const k = [b.campaignId, b.questionnaireKey, unit, b.groupKey, option].join(sep);
      ratings.set(k, (ratings.get(k) ?? 0) + sign);
    }
    for (const [unit, list] of Object.entries(b.problems ?? {})) {
      for (const p of list) {
        const k = [b.campaignId, b.questionnaireKey, unit, b.groupKey, p].join(sep);
        problems.set(k, (problems.get(k) ?? 0) + sign);
      }
    }
  }
  await upsert(db, 'rating_tallies', 'option_key', ratings, sep);
  await upsert(db, 'problem_tallies', 'problem_key', problems, sep);
  const counts = [...perBallot.entries()].filter(([, d]) => d !== 0).sort(([a], [b]) => (a < b ? -1 : 1));
  if (counts.length) {
    const split = counts.map(([k]) => k.split(sep));
    await db.query(
      `insert into ballot_tallies (campaign_id, questionnaire_key, group_key, count)
       select * from unnest($1::int[], $2::text[], $3::text[], $4::bigint[])
       on conflict (campaign_id, questionnaire_key, group_key) do update set count = ballot_tallies.count + excluded.count`,
      [split.map((s) => Number(s[0])), split.map((s) => s[1]), split.map((s) => s[2]), counts.map(([, d]) => d)],
    );
  }
}

async function upsert(db: Queryable, table: string, lastKey: string, deltas: Map<string, number>, sep: string) {
  const entries = [...deltas.entries()].filter(([, d]) => d !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (!entries.length) return;
  const cols: [number[], string[], string[], string[], string[], number[]] = [[], [], [], [], [], []];
  for (const [k, d] of entries) {
    const [c, qn, u, g, o] = k.split(sep);
    cols[0].push(Number(c));
    cols[1].push(qn);
    cols[2].push(u);
    cols[3].push(g);
    cols[4].push(o);
    cols[5].push(d);
  }
  await db.query(
    `insert into ${table} (campaign_id, questionnaire_key, unit_key, group_key, ${lastKey}, count)
     select * from unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[])
     on conflict (campaign_id, questionnaire_key, unit_key, group_key, ${lastKey})
     do update set count = ${table}.count + excluded.count`,
    cols,
  );
}

/** Marks the campaign's tallies as changed, so the reconciler knows scores are due. */
export async function touchTallies(db: Queryable, campaignIds: number[]): Promise<void> {
  if (campaignIds.length) await db.query(`update campaigns set tallies_changed_at = now() where id = any($1::int[])`, [campaignIds]);
}
