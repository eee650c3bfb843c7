import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../infra/db.js';
import { wrote } from '../../infra/changes.js';
import { campaigns, units, userCampaigns, userUnits, users } from '../../db/schema.js';

/** A user as the office sees it: the account, and the units and campaigns it is assigned. */
export type UserRow = Pick<typeof users.$inferSelect, 'id' | 'username' | 'displayName' | 'role' | 'createdAt' | 'disabledAt'> & { units: string[]; campaigns: string[] };

/** One query per list: the assignments come aggregated beside each account. */
const selectUsers = (on: Queryable) =>
  on.db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      createdAt: users.createdAt,
      disabledAt: users.disabledAt,
      // "users"."id" spelled out: drizzle writes a column of a one-table select
      // unqualified, and inside the subquery a bare "id" would be campaigns.id.
      units: sql<string[]>`coalesce((select array_agg(uu.unit_key order by uu.unit_key) from user_units uu where uu.user_id = "users"."id"), '{}')`,
      campaigns: sql<string[]>`coalesce((select array_agg(c.key order by c.key) from user_campaigns uc join campaigns c on c.id = uc.campaign_id where uc.user_id = "users"."id"), '{}')`,
    })
    .from(users);

export const usersRepo = {
  list: (on: Queryable): Promise<UserRow[]> => selectUsers(on).orderBy(users.id),
  one: async (on: Queryable, id: number): Promise<UserRow | undefined> => (await selectUsers(on).where(eq(users.id, id)))[0],
  byName: async (on: Queryable, username: string) => (await on.db.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1))[0],
  usernameTaken: async (on: Queryable, username: string) => (await on.db.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1)).length > 0,
  insert: async (on: Queryable, row: { username: string; displayName: string; passwordHash: string; role: string; mustChangePassword: boolean }) =>
    (await on.db.insert(users).values(row).returning({ id: users.id }))[0],
  /** Changes what is given; `disabled` keeps the first time an account was disabled. */
  async update(on: Queryable, id: number, set: { role?: string; displayName?: string; disabled?: boolean }) {
    await on.db
      .update(users)
      .set({
        role: sql`coalesce(${set.role ?? null}, ${users.role})`,
        displayName: sql`coalesce(${set.displayName ?? null}, ${users.displayName})`,
        disabledAt: set.disabled === undefined ? sql`${users.disabledAt}` : set.disabled ? sql`coalesce(${users.disabledAt}, now())` : null,
      })
      .where(eq(users.id, id));
    wrote(on, 'users');
  },
  /** The first account made: the first admin, on a fresh installation. */
  first: async (on: Queryable) => (await on.db.select({ id: users.id }).from(users).orderBy(users.id).limit(1))[0],
  /** Keeps a one-time password (the demo's first admin: see demo/seed.ts). */
  async keepPassword(on: Queryable, id: number) {
    await on.db.update(users).set({ mustChangePassword: false }).where(eq(users.id, id));
    wrote(on, 'users');
  },
  /** Sets the password; with `from`, only if the stored hash is still that one. Whether it was set. */
  async setPassword(on: Queryable, id: number, passwordHash: string, mustChangePassword: boolean, from?: string): Promise<boolean> {
    const set = await on.db
      .update(users)
      .set({ passwordHash, mustChangePassword, passwordChangedAt: sql`now()` })
      .where(from === undefined ? eq(users.id, id) : and(eq(users.id, id), eq(users.passwordHash, from)))
      .returning({ id: users.id });
    wrote(on, 'users');
    return set.length > 0;
  },

  knownUnits: async (on: Queryable, keys: string[]) => (await on.db.select({ key: units.key }).from(units).where(inArray(units.key, keys))).map((r) => r.key),
  knownCampaigns: (on: Queryable, keys: string[]) => on.db.select({ id: campaigns.id, key: campaigns.key }).from(campaigns).where(inArray(campaigns.key, keys)),
  // A key named twice is one assignment (each is a primary key).
  async setUnits(on: Queryable, userId: number, keys: string[]) {
    await on.db.delete(userUnits).where(eq(userUnits.userId, userId));
    if (keys.length) await on.db.insert(userUnits).values([...new Set(keys)].map((unitKey) => ({ userId, unitKey })));
  },
  async setCampaigns(on: Queryable, userId: number, ids: number[]) {
    await on.db.delete(userCampaigns).where(eq(userCampaigns.userId, userId));
    if (ids.length) await on.db.insert(userCampaigns).values([...new Set(ids)].map((campaignId) => ({ userId, campaignId })));
  },

  /** What a user is assigned to: the scope every access check reads. */
  async assignments(on: Queryable, userId: number) {
    const [unitRows, campaignRows] = await Promise.all([
      on.db.select({ unitKey: userUnits.unitKey }).from(userUnits).where(eq(userUnits.userId, userId)),
      on.db.select({ campaignId: userCampaigns.campaignId }).from(userCampaigns).where(eq(userCampaigns.userId, userId)),
    ]);
    return { units: unitRows.map((u) => u.unitKey), campaignIds: campaignRows.map((c) => c.campaignId) };
  },
  /** The units a user may see by name: all of them for an admin. */
  scopeUnits: (on: Queryable, userId: number | null) =>
    userId === null
      ? on.db.select({ key: units.key, name: units.name }).from(units).orderBy(units.key)
      : on.db.select({ key: units.key, name: units.name }).from(userUnits).innerJoin(units, eq(units.key, userUnits.unitKey)).where(eq(userUnits.userId, userId)).orderBy(units.key),
  /**
   * The campaigns a user may see, newest first. Raw SQL: a liaison's are found
   * by its units inside the campaign file (jsonb), which the builder cannot say.
   */
  scopeCampaigns: (on: Queryable, role: string, userId: number) =>
    on.query<{ key: string; name: string; status: string }>(
      role === 'evaluator'
        ? `select c.key, c.spec->>'name' as name, c.status from user_campaigns x join campaigns c on c.id = x.campaign_id where x.user_id = $1 order by c.first_phase_start desc`
        : role === 'liaison'
          ? `select distinct c.key, c.spec->>'name' as name, c.status, c.first_phase_start from campaigns c, jsonb_array_elements(c.spec->'units') u
              where u->>'key' in (select unit_key from user_units where user_id = $1) order by c.first_phase_start desc`
          : role === 'inspector'
            ? `select c.key, c.spec->>'name' as name, c.status from campaigns c where $1::int is not null and c.status <> 'draft' order by c.first_phase_start desc`
            : `select c.key, c.spec->>'name' as name, c.status from campaigns c where $1::int is not null order by c.first_phase_start desc`,
      [userId],
    ),
};
