import { desc, eq, sql } from 'drizzle-orm';
import type { Database, Db, Query } from '../../db/client.js';
import { codeBatches } from '../../db/schema.js';

export type BatchRow = typeof codeBatches.$inferSelect;

export const codesRepo = {
  insertBatch: async (db: Db, row: typeof codeBatches.$inferInsert) => (await db.insert(codeBatches).values(row).returning())[0],
  batch: (db: Db, id: number) => db.query.codeBatches.findFirst({ where: eq(codeBatches.id, id) }),
  batchesOf: (db: Db, campaignId: number) => db.select().from(codeBatches).where(eq(codeBatches.campaignId, campaignId)).orderBy(desc(codeBatches.id)),
  unfinishedBatches: (db: Db) => db.select({ id: codeBatches.id }).from(codeBatches).where(eq(codeBatches.status, 'generating')),
  async usage(db: Db, batchIds: number[]): Promise<Map<number, { used: number; voided: number }>> {
    if (!batchIds.length) return new Map();
    const rows = await db.execute<{ batch_id: number; used: number; voided: number }>(sql`
      select batch_id, count(used_at)::int as used, count(voided_at)::int as voided
      from codes where batch_id in ${batchIds} group by batch_id`);
    return new Map(rows.rows.map((r) => [Number(r.batch_id), { used: Number(r.used), voided: Number(r.voided) }]));
  },
  /** Inserts a chunk of codes and advances the batch's count in one transaction. */
  async insertChunk(database: Database, batchId: number, rows: { hash: Buffer; sealed: Buffer }[]): Promise<number> {
    return database.transaction(async (q) => {
      const inserted = await q<{ n: number }>(
        `with ins as (
           insert into codes (batch_id, hash, sealed)
           select $1, decode(h, 'hex'), decode(s, 'hex') from unnest($2::text[], $3::text[]) as t(h, s)
           on conflict (hash) do nothing returning 1)
         select count(*)::int as n from ins`,
        [batchId, rows.map((r) => r.hash.toString('hex')), rows.map((r) => r.sealed.toString('hex'))],
      );
      const n = Number(inserted[0].n);
      await q(
        `update code_batches set generated = generated + $2,
           status = case when generated + $2 >= size then 'ready' else status end where id = $1`,
        [batchId, n],
      );
      return n;
    });
  },
  /**
   * Sealed codes of a batch in a stable order, a page at a time (exports stream these).
   * Ordered by c.id, the column: "order by id" would mean the id::int output and
   * sort every code after the page's start, for every page.
   */
  page: (database: Database, batchId: number, afterId: number, limit: number) =>
    database.query<{ id: number; sealed: Buffer; used_at: Date | null; voided_at: Date | null }>(
      `select c.id::int as id, c.sealed, c.used_at, c.voided_at from codes c where c.batch_id = $1 and c.id > $2 order by c.id limit $3`,
      [batchId, afterId, limit],
    ),
  voidBatch: (q: Query, batchId: number, reason: string) =>
    q(`update code_batches set voided_at = now(), void_reason = $2 where id = $1 and voided_at is null`, [batchId, reason]),
  /** Voids codes; returns the ids of those already used (their ballots get voided too). */
  voidCodes: (q: Query, where: { batchId: number } | { hash: Buffer }) =>
    'batchId' in where
      ? q<{ id: number; used: boolean }>(`update codes set voided_at = now() where batch_id = $1 and voided_at is null returning id::int as id, used_at is not null as used`, [where.batchId])
      : q<{ id: number; used: boolean }>(`update codes set voided_at = now() where hash = decode($1, 'hex') and voided_at is null returning id::int as id, used_at is not null as used`, [where.hash.toString('hex')]),
  codeByHash: (q: Query, hash: Buffer) =>
    q<{ id: number; batch_id: number; campaign_id: number; voided_at: Date | null }>(
      `select c.id::int as id, c.batch_id, b.campaign_id, c.voided_at from codes c join code_batches b on b.id = c.batch_id where c.hash = decode($1, 'hex')`,
      [hash.toString('hex')],
    ),
};
