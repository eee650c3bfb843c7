import { asc, count, eq, sql } from 'drizzle-orm';
import type { CampaignSpec } from '@minping/shared/spec';
import type { Queryable } from '../../infra/db.js';
import { wrote } from '../../infra/changes.js';
import { ballots, campaigns, categories, respondentGroups, units } from '../../db/schema.js';

export type CampaignRow = typeof campaigns.$inferSelect;

export const campaignsRepo = {
  byKey: async (on: Queryable, key: string): Promise<CampaignRow | undefined> => on.db.query.campaigns.findFirst({ where: eq(campaigns.key, key) }),
  byId: async (on: Queryable, id: number): Promise<CampaignRow | undefined> => on.db.query.campaigns.findFirst({ where: eq(campaigns.id, id) }),
  /**
   * The campaign row, locked for the rest of the transaction: "update" against
   * any change and any new ballot (a ballot's foreign key takes a key-share
   * lock of it, so a ballot being stored is waited for, and the next waits),
   * so a count of ballots taken under it holds until COMMIT; "no key update"
   * against any other change only, ballots going on (a status change, a name);
   * "share" for a batch reading the file it is made for.
   */
  lockByKey: async (on: Queryable, key: string, strength: 'update' | 'no key update' | 'share' = 'update'): Promise<CampaignRow | undefined> =>
    (await on.db.select().from(campaigns).where(eq(campaigns.key, key)).for(strength))[0],
  idByKey: async (on: Queryable, key: string) => (await on.db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.key, key)))[0]?.id,
  list: (on: Queryable) => on.db.select().from(campaigns).orderBy(asc(campaigns.series), asc(campaigns.firstPhaseStart), asc(campaigns.id)),
  async ballotCounts(on: Queryable): Promise<Map<number, number>> {
    const rows = await on.db.select({ campaignId: ballots.campaignId, n: count() }).from(ballots).groupBy(ballots.campaignId);
    return new Map(rows.map((r) => [r.campaignId, r.n]));
  },
  async ballotCount(on: Queryable, campaignId: number): Promise<number> {
    const [row] = await on.db.select({ n: count() }).from(ballots).where(eq(ballots.campaignId, campaignId));
    return row?.n ?? 0;
  },
  insert: async (on: Queryable, row: typeof campaigns.$inferInsert) => (await on.db.insert(campaigns).values(row).returning())[0],
  async update(on: Queryable, id: number, set: Partial<typeof campaigns.$inferInsert>) {
    const [row] = await on.db.update(campaigns).set({ ...set, updatedAt: new Date() }).where(eq(campaigns.id, id)).returning();
    wrote(on, 'campaigns');
    return row;
  },
  /** Units, categories and groups persist across campaigns by key; the latest name wins. */
  async upsertRegistries(on: Queryable, spec: CampaignSpec) {
    const now = new Date();
    const upsert = async (table: typeof units | typeof categories | typeof respondentGroups, rows: { key: string; name: string }[]) => {
      if (!rows.length) return;
      // In the order of their keys, whatever the file's: two imports sharing units lock them in one order, not into a deadlock.
      const sorted = [...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      await on.db
        .insert(table)
        .values(sorted.map((r) => ({ key: r.key, name: r.name, updatedAt: now })))
        .onConflictDoUpdate({ target: table.key, set: { name: sql`excluded.name`, updatedAt: now } });
    };
    await upsert(units, spec.units);
    await upsert(categories, spec.categories);
    await upsert(respondentGroups, spec.groups);
  },
};
