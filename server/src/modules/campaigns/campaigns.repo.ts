import { asc, eq, sql } from 'drizzle-orm';
import type { CampaignSpec } from '@minping/shared/spec';
import type { Db } from '../../infra/db.js';
import { campaigns, categories, respondentGroups, units } from '../../db/schema.js';

export type CampaignRow = typeof campaigns.$inferSelect;

export const campaignsRepo = {
  byKey: (db: Db, key: string) => db.query.campaigns.findFirst({ where: eq(campaigns.key, key) }),
  byId: (db: Db, id: number) => db.query.campaigns.findFirst({ where: eq(campaigns.id, id) }),
  list: (db: Db) => db.select().from(campaigns).orderBy(asc(campaigns.series), asc(campaigns.firstPhaseStart), asc(campaigns.id)),
  inSeries: (db: Db, series: string) =>
    db.select().from(campaigns).where(eq(campaigns.series, series)).orderBy(asc(campaigns.firstPhaseStart), asc(campaigns.id)),
  async ballotCounts(db: Db): Promise<Map<number, number>> {
    const rows = await db.execute<{ campaign_id: number; n: number }>(sql`select campaign_id, count(*)::int as n from ballots group by campaign_id`);
    return new Map(rows.rows.map((r) => [Number(r.campaign_id), Number(r.n)]));
  },
  async ballotCount(db: Db, campaignId: number): Promise<number> {
    const rows = await db.execute<{ n: number }>(sql`select count(*)::int as n from ballots where campaign_id = ${campaignId}`);
    return Number(rows.rows[0]?.n ?? 0);
  },
  insert: async (db: Db, row: typeof campaigns.$inferInsert) => (await db.insert(campaigns).values(row).returning())[0],
  update: async (db: Db, id: number, set: Partial<typeof campaigns.$inferInsert>) =>
    (await db.update(campaigns).set({ ...set, updatedAt: new Date() }).where(eq(campaigns.id, id)).returning())[0],
  /** Units, categories and groups persist across campaigns by key; the latest name wins. */
  async upsertRegistries(db: Db, spec: CampaignSpec) {
    const now = new Date();
    const upsert = async (table: typeof units | typeof categories | typeof respondentGroups, rows: { key: string; name: string }[]) => {
      if (!rows.length) return;
      await db
        .insert(table)
        .values(rows.map((r) => ({ key: r.key, name: r.name, updatedAt: now })))
        .onConflictDoUpdate({ target: table.key, set: { name: sql`excluded.name`, updatedAt: now } });
    };
    await upsert(units, spec.units);
    await upsert(categories, spec.categories);
    await upsert(respondentGroups, spec.groups);
  },
};
