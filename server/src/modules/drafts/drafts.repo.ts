import { and, asc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../infra/db.js';
import { campaignDrafts, campaigns, users } from '../../db/schema.js';

export type DraftRow = typeof campaignDrafts.$inferSelect & { updatedByName: string | null };

const columns = {
  id: campaignDrafts.id,
  campaignId: campaignDrafts.campaignId,
  file: campaignDrafts.file,
  revision: campaignDrafts.revision,
  createdAt: campaignDrafts.createdAt,
  updatedAt: campaignDrafts.updatedAt,
  updatedBy: campaignDrafts.updatedBy,
  updatedByName: users.username,
};

const withNames = (on: Queryable) => on.db.select(columns).from(campaignDrafts).leftJoin(users, eq(users.id, campaignDrafts.updatedBy));

export const draftsRepo = {
  list: (on: Queryable): Promise<DraftRow[]> => withNames(on).orderBy(asc(campaignDrafts.id)),
  byId: async (on: Queryable, id: number): Promise<DraftRow | undefined> => (await withNames(on).where(eq(campaignDrafts.id, id)))[0],
  byCampaign: async (on: Queryable, campaignId: number): Promise<DraftRow | undefined> => (await withNames(on).where(eq(campaignDrafts.campaignId, campaignId)))[0],
  /** The draft, locked until the transaction ends (an apply and a save or a second apply do not interleave). */
  lock: async (on: Queryable, id: number) => (await on.db.select().from(campaignDrafts).where(eq(campaignDrafts.id, id)).for('update'))[0],
  /** Inserts a draft; for an existing campaign that has one already, inserts nothing (the unique index decides) and answers undefined. */
  insert: async (on: Queryable, row: { campaignId: number | null; file: string; updatedBy: number }) =>
    (await on.db.insert(campaignDrafts).values(row).onConflictDoNothing().returning({ id: campaignDrafts.id }))[0]?.id,
  /** Saves a new file if the draft is still at `revision`; undefined when it is not (or is gone). */
  save: async (on: Queryable, id: number, revision: number, file: string, userId: number) =>
    (
      await on.db
        .update(campaignDrafts)
        .set({ file, revision: sql`${campaignDrafts.revision} + 1`, updatedAt: new Date(), updatedBy: userId })
        .where(and(eq(campaignDrafts.id, id), eq(campaignDrafts.revision, revision)))
        .returning({ id: campaignDrafts.id })
    )[0]?.id,
  delete: async (on: Queryable, id: number) => (await on.db.delete(campaignDrafts).where(eq(campaignDrafts.id, id)).returning({ id: campaignDrafts.id }))[0]?.id,
  /** Every campaign's key (for keys a new draft must not take). */
  campaignKeys: async (on: Queryable): Promise<string[]> => (await on.db.select({ key: campaigns.key }).from(campaigns)).map((r) => r.key),
};
