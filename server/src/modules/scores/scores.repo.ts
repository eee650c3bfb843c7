// Entered scores and vetoes: every entry is kept, the last one wins.
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../infra/db.js';
import { enteredScores, users, vetoes } from '../../db/schema.js';

export const scoresRepo = {
  /**
   * Holds a component's entries to this transaction until it ends: entries of
   * one component are made one at a time, so what an upload reads as current
   * is still current when it enters its changes.
   */
  lockComponent: (db: Queryable, campaignId: number, component: string) => db.query(`select pg_advisory_xact_lock($1, hashtext($2))`, [campaignId, `scores:${component}`]),
  /** Each unit's latest entry for a component, with who entered it and how many entries it has. Raw SQL: distinct on with a window count. */
  latest: (db: Queryable, campaignId: number, component: string) =>
    db.query<{ unit: string; score: string; entered_at: Date; entered_by: string | null; entries: number }>(
      `select distinct on (e.unit_key) e.unit_key as unit, e.score::text as score, e.entered_at, u.username as entered_by,
              count(*) over (partition by e.unit_key)::int as entries
         from entered_scores e left join users u on u.id = e.entered_by
        where e.campaign_id = $1 and e.component_key = $2 order by e.unit_key, e.id desc`,
      [campaignId, component],
    ),
  /** Raw SQL: one statement for the whole list (unnest), however many units. */
  enter: (db: Queryable, campaignId: number, component: string, entries: { unit: string; score: string; note?: string }[], source: 'api' | 'csv', userId: number) =>
    db.query(
      `insert into entered_scores (campaign_id, component_key, unit_key, score, note, source, entered_by)
       select $1, $2, u, s::numeric, nullif(n, ''), $5, $6 from unnest($3::text[], $4::text[], $7::text[]) as t(u, s, n)`,
      [campaignId, component, entries.map((e) => e.unit), entries.map((e) => e.score), source, userId, entries.map((e) => e.note ?? '')],
    ),
  /** Every entry for one unit, newest first. */
  history: (db: Queryable, campaignId: number, component: string, unit: string) =>
    db.db
      .select({
        score: sql<string>`${enteredScores.score}::text`,
        note: enteredScores.note,
        source: enteredScores.source,
        enteredAt: enteredScores.enteredAt,
        enteredBy: users.username,
      })
      .from(enteredScores)
      .leftJoin(users, eq(users.id, enteredScores.enteredBy))
      .where(and(eq(enteredScores.campaignId, campaignId), eq(enteredScores.componentKey, component), eq(enteredScores.unitKey, unit)))
      .orderBy(desc(enteredScores.id)),
  /** Revokes the unit's standing veto, if any; answers the ids revoked. */
  revokeVeto: (db: Queryable, campaignId: number, unit: string, userId: number) =>
    db.db
      .update(vetoes)
      .set({ revokedAt: sql`now()`, revokedBy: userId })
      .where(and(eq(vetoes.campaignId, campaignId), eq(vetoes.unitKey, unit), isNull(vetoes.revokedAt)))
      .returning({ id: vetoes.id }),
  setVeto: (db: Queryable, campaignId: number, unit: string, reason: string, userId: number) =>
    db.db.insert(vetoes).values({ campaignId, unitKey: unit, reason, setBy: userId }),
  /** The standing vetoes, by unit. */
  vetoes: (db: Queryable, campaignId: number) =>
    db.db
      .select({ unit: vetoes.unitKey, reason: vetoes.reason, setAt: vetoes.setAt, setBy: users.username })
      .from(vetoes)
      .leftJoin(users, eq(users.id, vetoes.setBy))
      .where(and(eq(vetoes.campaignId, campaignId), isNull(vetoes.revokedAt)))
      .orderBy(asc(vetoes.unitKey)),
};
