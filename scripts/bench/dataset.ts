// A campaign of 200 units with 1,000,000 processed ballots, written straight
// into PostgreSQL (a million HTTP submissions would measure the vote path
// again, and take minutes). Deterministic: every choice is a hash of the
// ballot id (hashint8extended), so two runs build the same data.
//
// Each ballot rates 10–20 distinct units (a random start and a stride prime
// to 200), 8% "不了解", the rest leaning by unit; 10% tick one or two problems
// on a unit, 4% leave a comment (some with commas, quotes and a line break);
// 2% are flagged too-fast and do not count. Tallies are then built with the
// server's own rebuild queries (results.repo *FromBallots), as a full rebuild would.
import { resultsRepo } from '../../server/src/modules/results/results.repo.js';
import { benchSpec, GROUPS, PROBLEMS } from './campaign.js';
import { log, type Bench } from './lib.js';

const CHUNK = 100_000;
const STRIDES = [1, 3, 7, 9, 11, 13, 17, 19, 21, 23, 27, 29, 31, 33, 37, 39]; // prime to 200
const COMMENTS = ['窗口人员态度很好，办事效率高。', '希望进一步简化材料，减少跑腿次数。', 'Queue was long, "very" long,\nplease add a window'];

export interface Dataset {
  key: string;
  campaignId: number;
  ballots: number;
  units: number;
  seedSeconds: number;
}

export async function seedCampaign(b: Bench, opts: { key: string; ballots: number; units: number }): Promise<Dataset> {
  const started = Date.now();
  const campaignId = await b.openCampaign(benchSpec(opts.key, opts.units));
  const q = b.database.query;
  // Three batches, one per group: 60% / 25% / 15% of the codes.
  const sizes = [Math.round(opts.ballots * 0.6), Math.round(opts.ballots * 0.25)];
  sizes.push(opts.ballots - sizes[0] - sizes[1]);
  const batchIds: number[] = [];
  for (const [i, size] of sizes.entries()) {
    const [row] = await q<{ id: number }>(
      `insert into code_batches (campaign_id, questionnaire_key, group_key, label, size, generated, status)
       values ($1, 'survey', $2, 'bench', $3, $3, 'ready') returning id`,
      [campaignId, GROUPS[i], size],
    );
    batchIds.push(Number(row.id));
  }
  // Ids continue after any campaign seeded before in the same database.
  const [{ base }] = await q<{ base: number }>(`select coalesce(max(id), 0)::int as base from codes`);
  const last = Number(base) + opts.ballots;
  const bound1 = Number(base) + sizes[0];
  const bound2 = bound1 + sizes[1];

  for (let lo = Number(base) + 1; lo <= last; lo += CHUNK) {
    const hi = Math.min(last, lo + CHUNK - 1);
    await b.database.transaction(async ({ query: t }) => {
      // Codes get the ids of their ballots, so the two line up without a lookup.
      await t(
        `insert into codes (id, batch_id, seq, hash, sealed, used_at)
         select g, case when g <= $3 then $5::int when g <= $4 then $6::int else $7::int end,
                (case when g <= $3 then g - $8::bigint when g <= $4 then g - $3 else g - $4 end)::int,
                decode(md5('code' || g), 'hex'), decode(md5('sealed' || g), 'hex'),
                timestamptz '2026-10-01 00:00:00+00' + g * interval '5 seconds'
           from generate_series($1::bigint, $2::bigint) g`,
        [lo, hi, bound1, bound2, ...batchIds, Number(base)],
      );
      await t(
        `with s as (
           select g, abs(hashint8extended(g, 11)) as h,
                  10 + abs(hashint8extended(g, 12)) % 11 as n,
                  abs(hashint8extended(g, 13)) % $4 as start,
                  ($5::int[])[(1 + abs(hashint8extended(g, 14)) % array_length($5::int[], 1))::int] as stride
             from generate_series($1::bigint, $2::bigint) g)
         insert into ballots (id, campaign_id, batch_id, code_id, questionnaire_key, group_key, receipt_hash, ratings, problems, comment,
                              answering_ms, device_hash, address_hash, submitted_at, processed_at, flags, review, counted)
         select s.g, $3, c.batch_id, s.g, 'survey', cb.group_key, decode(md5('receipt' || s.g), 'hex'), r.ratings,
                case when s.h % 10 <> 0 then '{}'::jsonb
                     when s.h % 20 = 0 then jsonb_build_object(r.first_unit, jsonb_build_array(($6::text[])[(1 + s.h / 7 % 6)::int]))
                     else jsonb_build_object(r.first_unit, jsonb_build_array(($6::text[])[(1 + s.h / 7 % 6)::int], ($6::text[])[(1 + (s.h / 7 + 1) % 6)::int])) end,
                case when s.h % 25 = 3 then ($7::text[])[(1 + s.h / 11 % 3)::int] end,
                case when s.h % 50 = 7 then 2000 + s.h % 5000 else 20000 + s.h % 600000 end,
                decode(md5('device' || s.g), 'hex'), decode(md5('address' || (s.g % 40000)), 'hex'),
                timestamptz '2026-10-01 00:00:00+00' + s.g * interval '5 seconds',
                timestamptz '2026-10-01 00:00:02+00' + s.g * interval '5 seconds',
                case when s.h % 50 = 7 then '{too-fast}'::text[] else '{}'::text[] end,
                case when s.h % 50 = 7 then 'flagged' else 'none' end,
                s.h % 50 <> 7
           from s
           join codes c on c.id = s.g
           join code_batches cb on cb.id = c.batch_id
           cross join lateral (
             select jsonb_object_agg(unit, case when x < 8 then 'unknown' when y >= 45 then 'satisfied' when y >= 15 then 'basically' else 'dissatisfied' end) as ratings,
                    min(unit) filter (where k = 0) as first_unit
               from (select k, 'u' || lpad((u + 1)::text, 3, '0') as unit,
                            abs(hashint8extended(s.g * 32 + k, 15)) % 100 as x,
                            abs(hashint8extended(s.g * 32 + k, 16)) % 100 + (u * 37 % 31) - 15 as y
                       from generate_series(0, s.n - 1) k, lateral (select ((s.start + k * s.stride) % $4)::int as u) uu) v
           ) r`,
        [lo, hi, campaignId, opts.units, STRIDES, PROBLEMS, COMMENTS],
      );
    });
    if ((hi - Number(base)) % 200_000 === 0 || hi === last) log(`seeded ${hi - Number(base)} ballots`);
  }
  await q(`select setval(pg_get_serial_sequence('codes', 'id'), $1)`, [last]);
  await q(`select setval(pg_get_serial_sequence('ballots', 'id'), $1)`, [last]);
  await q(`vacuum analyze codes`);
  await q(`vacuum analyze ballots`);

  // Tallies, by the rebuild's own aggregation.
  const [ratings, problems, perGroup] = await Promise.all([
    resultsRepo.ratingsFromBallots(b.database, campaignId),
    resultsRepo.problemsFromBallots(b.database, campaignId),
    resultsRepo.ballotsFromBallots(b.database, campaignId),
  ]);
  await q(
    `insert into rating_tallies (campaign_id, questionnaire_key, unit_key, group_key, option_key, count)
     select $1, * from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[])`,
    [campaignId, ratings.map((r) => r.questionnaire), ratings.map((r) => r.unit), ratings.map((r) => r.group), ratings.map((r) => r.option), ratings.map((r) => r.count)],
  );
  await q(
    `insert into problem_tallies (campaign_id, questionnaire_key, unit_key, group_key, problem_key, count)
     select $1, * from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[])`,
    [campaignId, problems.map((r) => r.questionnaire), problems.map((r) => r.unit), problems.map((r) => r.group), problems.map((r) => r.problem), problems.map((r) => r.count)],
  );
  await q(
    `insert into ballot_tallies (campaign_id, questionnaire_key, group_key, count) select $1, * from unnest($2::text[], $3::text[], $4::bigint[])`,
    [campaignId, perGroup.map((r) => r.questionnaire), perGroup.map((r) => r.group), perGroup.map((r) => r.count)],
  );
  await q(`update campaigns set tallies_changed_at = now() where id = $1`, [campaignId]);
  await q(`vacuum analyze rating_tallies, problem_tallies, ballot_tallies`);
  const seedSeconds = (Date.now() - started) / 1000;
  log(`dataset ready: ${opts.ballots} ballots, ${opts.units} units, ${ratings.length} rating tallies, in ${seedSeconds.toFixed(0)} s`);
  return { key: opts.key, campaignId, ballots: opts.ballots, units: opts.units, seedSeconds };
}
