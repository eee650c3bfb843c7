import { count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { PgInsertValue } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../infra/db.js';
import { codeBatches, codes } from '../../db/schema.js';

export type BatchRow = typeof codeBatches.$inferSelect;

export const codesRepo = {
  /**
   * Given the builder of the unit of work that audits the creation (audited).
   * With `claim`, the batch is born claimed by its filler for `leaseMs`.
   */
  insertBatch: async (on: Queryable, row: PgInsertValue<typeof codeBatches>, claim?: { owner: string; leaseMs: number }) =>
    (
      await on.db
        .insert(codeBatches)
        .values(claim ? { ...row, claimedBy: claim.owner, claimedUntil: sql`now() + ${claim.leaseMs} * interval '1 millisecond'`, claims: 1 } : row)
        .returning()
    )[0],
  batch: (db: Queryable, id: number) => db.db.query.codeBatches.findFirst({ where: eq(codeBatches.id, id) }),
  batchesOf: (db: Queryable, campaignId: number) => db.db.select().from(codeBatches).where(eq(codeBatches.campaignId, campaignId)).orderBy(desc(codeBatches.id)),
  // Raw SQL in what follows: leases and chunks are conditional updates and
  // set-based inserts (unnest, generate_series) the builder cannot say.

  /** Batches still to fill whose filler's lease has lapsed (or that never had one). */
  unfinishedBatches: (db: Queryable) =>
    db.query<{ id: number; claims: number }>(
      `select id, claims from code_batches
        where status = 'generating' and voided_at is null and (claimed_until is null or claimed_until < now()) order by id`,
    ),
  /** Per batch: codes used, codes voided, and codes spent (used or voided, each counted once). */
  async usage(db: Queryable, batchIds: number[]): Promise<Map<number, { used: number; voided: number; spent: number }>> {
    if (!batchIds.length) return new Map();
    const rows = await db.db
      .select({
        batchId: codes.batchId,
        used: count(codes.usedAt),
        voided: count(codes.voidedAt),
        spent: sql<number>`count(*) filter (where ${codes.usedAt} is not null or ${codes.voidedAt} is not null)`,
      })
      .from(codes)
      .where(inArray(codes.batchId, batchIds))
      .groupBy(codes.batchId);
    return new Map(rows.map((r) => [Number(r.batchId), { used: Number(r.used), voided: Number(r.voided), spent: Number(r.spent) }]));
  },
  /**
   * Takes the batch for `owner` if nobody holds a live lease on it. Answers
   * where to go on from, or nothing when someone else is filling it (or it is done).
   */
  async claim(db: Queryable, batchId: number, owner: string, leaseMs: number): Promise<{ generated: number; size: number } | undefined> {
    const [row] = await db.query<{ generated: number; size: number }>(
      `update code_batches set claimed_by = $2, claimed_until = now() + $3 * interval '1 millisecond', claims = claims + 1
        where id = $1 and status = 'generating' and voided_at is null and (claimed_until is null or claimed_until < now())
        returning generated, size`,
      [batchId, owner, leaseMs],
    );
    return row && { generated: Number(row.generated), size: Number(row.size) };
  },
  /**
   * Stores the codes numbered `from`..`to` (all of them, or the ones a
   * collision left out), in one transaction, for the holder of the batch's
   * lease only: the batch row stays locked meanwhile, so two fillers never
   * interleave. A number already taken or past the size is skipped by the
   * (batch_id, seq) index and the size check: whatever goes wrong, a batch
   * never holds more than `size` codes. Once every number up to `to` has its
   * code, the batch's count moves to `to`. Answers the numbers still without a
   * code (a hash collision with another code, ≈ never), or null when the lease
   * was lost: the caller stops. Run it in a transaction of its own (tx).
   */
  async insertChunk(
    tx: Queryable,
    batch: { id: number; owner: string; leaseMs: number },
    from: number,
    to: number,
    rows: { seq: number; hash: Buffer; sealed: Buffer }[],
  ): Promise<number[] | null> {
    const q = tx.query;
    const [row] = await q<{ generated: number; size: number }>(
      `select generated, size from code_batches where id = $1 and claimed_by = $2 and status = 'generating' and voided_at is null for update`,
      [batch.id, batch.owner],
    );
    if (!row || Number(row.generated) !== from - 1 || to > Number(row.size)) return null;
    await q(
      `insert into codes (batch_id, seq, hash, sealed)
       select $1, t.seq, decode(t.h, 'hex'), decode(t.s, 'hex')
         from unnest($2::int[], $3::text[], $4::text[]) as t(seq, h, s)
        where t.seq between $5 and $6
       on conflict do nothing`,
      [batch.id, rows.map((r) => r.seq), rows.map((r) => r.hash.toString('hex')), rows.map((r) => r.sealed.toString('hex')), from, to],
    );
    const missing = await q<{ seq: number }>(
      `select s::int as seq from generate_series($2::int, $3::int) s
        where not exists (select 1 from codes c where c.batch_id = $1 and c.seq = s) order by s`,
      [batch.id, from, to],
    );
    if (missing.length) return missing.map((m) => Number(m.seq));
    const done = to >= Number(row.size);
    await q(
      `update code_batches set generated = $2, status = case when $3 then 'ready' else status end,
              claimed_by = case when $3 then null else claimed_by end,
              claimed_until = case when $3 then null else now() + $4 * interval '1 millisecond' end
        where id = $1`,
      [batch.id, to, done, batch.leaseMs],
    );
    return [];
  },
  /**
   * Sealed codes of a batch in a stable order, a page at a time (exports stream these).
   * Ordered by c.id, the column: "order by id" would mean the id::int output and
   * sort every code after the page's start, for every page.
   */
  page: (db: Queryable, batchId: number, afterId: number, limit: number) =>
    db.query<Pick<typeof codes.$inferSelect, 'id' | 'sealed' | 'usedAt' | 'voidedAt'>>(
      `select c.id::int as id, c.sealed, c.used_at as "usedAt", c.voided_at as "voidedAt" from codes c where c.batch_id = $1 and c.id > $2 order by c.id limit $3`,
      [batchId, afterId, limit],
    ),
  voidBatch: (db: Queryable, batchId: number, reason: string) =>
    db.query(`update code_batches set voided_at = now(), void_reason = $2 where id = $1 and voided_at is null`, [batchId, reason]),
  /** Voids codes; returns the ids of those already used (their ballots get voided too). */
  voidCodes: (db: Queryable, where: { batchId: number } | { hash: Buffer }) =>
    'batchId' in where
      ? db.query<{ id: number; used: boolean }>(`update codes set voided_at = now() where batch_id = $1 and voided_at is null returning id::int as id, used_at is not null as used`, [where.batchId])
      : db.query<{ id: number; used: boolean }>(`update codes set voided_at = now() where hash = decode($1, 'hex') and voided_at is null returning id::int as id, used_at is not null as used`, [where.hash.toString('hex')]),
  codeByHash: (db: Queryable, hash: Buffer) =>
    db.query<{ id: number; batch_id: number; campaign_id: number; voided_at: Date | null }>(
      `select c.id::int as id, c.batch_id, b.campaign_id, c.voided_at from codes c join code_batches b on b.id = c.batch_id where c.hash = decode($1, 'hex')`,
      [hash.toString('hex')],
    ),
};
