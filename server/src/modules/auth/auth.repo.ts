import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Queryable } from '../../infra/db.js';
import { wrote } from '../../infra/changes.js';
import { apiTokens, loginThrottle, sessions, users } from '../../db/schema.js';

export const authRepo = {
  findUserByName: (on: Queryable, username: string) => on.db.query.users.findFirst({ where: eq(users.username, username) }),
  countUsers: async (on: Queryable) => (await on.db.select({ id: users.id }).from(users).limit(1)).length,
  insertUser: async (on: Queryable, row: typeof users.$inferInsert) => (await on.db.insert(users).values(row).returning())[0],
  /** Inserts the user unless the username is taken (by another process just now): the new row, or undefined. */
  insertUserIfAbsent: async (on: Queryable, row: typeof users.$inferInsert) =>
    (await on.db.insert(users).values(row).onConflictDoNothing({ target: users.username }).returning())[0] as typeof users.$inferSelect | undefined,
  insertSession: (on: Queryable, tokenHash: Buffer, userId: number, expiresAt: Date) => on.db.insert(sessions).values({ tokenHash, userId, expiresAt }),
  /** Every live session of a user. */
  async revokeSessions(on: Queryable, userId: number) {
    await on.db.update(sessions).set({ revokedAt: sql`now()` }).where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
    wrote(on, 'sessions');
  },
  revokeTokens: (on: Queryable, userId: number) =>
    on.db.update(apiTokens).set({ revokedAt: sql`now()` }).where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt))),
  /**
   * Counts one more try on `key` in a window of `windowSec` seconds, before the
   * password is checked: concurrent tries cannot all slip in under the limit.
   * Raw SQL: one upsert counts, restarts a lapsed window and reads what is left of it.
   */
  async countAttempt(on: Queryable, key: Buffer, windowSec: number) {
    const [row] = await on.query<{ attempts: number; retry_after: number }>(
      `insert into login_throttle as t (key, attempts, window_start) values ($1, 1, now())
       on conflict (key) do update set
         attempts = case when t.window_start <= now() - make_interval(secs => $2) then 1 else t.attempts + 1 end,
         window_start = case when t.window_start <= now() - make_interval(secs => $2) then now() else t.window_start end
       returning attempts, greatest(1, ceil(extract(epoch from (window_start + make_interval(secs => $2) - now()))))::int as retry_after`,
      [key, windowSec],
    );
    return { attempts: Number(row.attempts), retryAfter: Number(row.retry_after) };
  },
  clearAttempts: (on: Queryable, key: Buffer) => on.db.delete(loginThrottle).where(eq(loginThrottle.key, key)),
  /** Rows whose window ended long ago (names tried once and never again). */
  pruneAttempts: (on: Queryable, olderThanSec: number) => on.db.delete(loginThrottle).where(lt(loginThrottle.windowStart, sql`now() - make_interval(secs => ${olderThanSec})`)),
  async revokeSession(on: Queryable, tokenHash: Buffer) {
    await on.db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.tokenHash, tokenHash));
    wrote(on, 'sessions');
  },
  /** The user of a live session, and when the session ends. */
  async userBySession(on: Queryable, tokenHash: Buffer) {
    const rows = await on.db
      .select({ user: users, expiresAt: sessions.expiresAt })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date()), isNull(users.disabledAt)))
      .limit(1);
    return rows[0];
  },
  async userByToken(on: Queryable, tokenHash: Buffer) {
    const rows = await on.db
      .select({ user: users, tokenId: apiTokens.id })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), isNull(users.disabledAt)))
      .limit(1);
    return rows[0];
  },
  touchToken: (on: Queryable, id: number) => on.db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, id)),
  insertToken: async (on: Queryable, row: typeof apiTokens.$inferInsert) => (await on.db.insert(apiTokens).values(row).returning())[0],
  listTokens: (on: Queryable, userId: number) => on.db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(apiTokens.id),
  revokeToken: (on: Queryable, userId: number, id: number) =>
    on.db.update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt))).returning(),
};
