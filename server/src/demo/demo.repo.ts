// The demo's one liberty: it happens in seconds, but should look like a year.
// Everything is made through the services (checks, task events, audit), and
// then these statements give the demo's own rows the times they would have
// had. The audit trail is append-only and keeps the real times: it shows when
// the demo was seeded. Nothing outside server/src/demo calls these.
import type { Queryable } from '../infra/db.js';

export const demoRepo = {
  /** Ballots (and their codes' use) get the times they came at. */
  async setBallotTimes(db: Queryable, ids: number[], times: Date[]) {
    await db.query(
      `update ballots b set submitted_at = t.at from unnest($1::bigint[], $2::timestamptz[]) as t(id, at) where b.id = t.id`,
      [ids, times.map((t) => t.toISOString())],
    );
    await db.query(`update codes c set used_at = b.submitted_at from ballots b where b.code_id = c.id and b.id = any($1::bigint[])`, [ids]);
  },

  /** A campaign's batches made, voting opened and closed, results published, when the story says. */
  async setCampaignTimes(db: Queryable, campaignId: number, t: { openedAt: Date; closedAt?: Date; publishedAt?: Date }) {
    await db.query(`update campaigns set created_at = $2::timestamptz - interval '20 days', opened_at = $2, closed_at = coalesce($3, closed_at) where id = $1`, [
      campaignId,
      t.openedAt.toISOString(),
      t.closedAt?.toISOString() ?? null,
    ]);
    await db.query(`update code_batches set created_at = $2::timestamptz - interval '2 days' where campaign_id = $1`, [campaignId, t.openedAt.toISOString()]);
    if (t.publishedAt) await db.query(`update published_results set published_at = $2 where campaign_id = $1`, [campaignId, t.publishedAt.toISOString()]);
  },

  /**
   * A task's events get `times` in the order they were written, and the task,
   * its appeal and its follow-up the times of the events that made them; the
   * deadline is the one it was given on the day it was made.
   */
  async setTaskTimes(db: Queryable, taskId: number, times: Date[], deadline: string) {
    await db.query(
      `update task_events e set at = t.at
         from (select id, row_number() over (order by id) as n from task_events where task_id = $1) r
         join unnest($2::timestamptz[]) with ordinality as t(at, n) on t.n = r.n
        where e.id = r.id`,
      [taskId, times.map((t) => t.toISOString())],
    );
    const at = (actions: string) => `(select max(at) from task_events where task_id = $1 and action in (${actions}))`;
    await db.query(
      `update tasks set created_at = ${at(`'created'`)}, deadline = $2::date,
              closed_at = case when closed_at is null then null else ${at(`'closed', 'appeal-upheld'`)} end
        where id = $1`,
      [taskId, deadline],
    );
    await db.query(`update appeals set filed_at = ${at(`'appealed'`)}, decided_at = case when decided_at is null then null else ${at(`'appeal-upheld', 'appeal-dismissed'`)} end where task_id = $1`, [taskId]);
    await db.query(`update followups set recorded_at = ${at(`'follow-up'`)} where task_id = $1`, [taskId]);
  },

  /** An inspection was written up on the evening of its visit. */
  setInspectionTime: (db: Queryable, id: number, at: Date) => db.query(`update inspections set created_at = $2 where id = $1`, [id, at.toISOString()]),
};
