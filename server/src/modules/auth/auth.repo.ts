import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db, Query } from '../../infra/db.js';
import { apiTokens, sessions, users } from '../../db/schema.js';

export const authRepo = {
  findUserByName: (db: Db, username: string) => db.query.users.findFirst({ where: eq(users.username, username) }),
  countUsers: async (db: Db) => (await db.select({ id: users.id }).from(users).limit(1)).length,
  insertUser: async (db: Db, row: typeof users.$inferInsert) => (await db.insert(users).values(row).returning())[0],
  insertSession: (q: Query, tokenHash: Buffer, userId: number, expiresAt: Date) =>
    q(`insert into sessions (token_hash, user_id, expires_at) values ($1, $2, $3)`, [tokenHash, userId, expiresAt]),
  /** Every live session of a user; `q` may be a transaction's handle. */
  revokeSessions: (q: Query, userId: number) => q(`update sessions set revoked_at = now() where user_id = $1 and revoked_at is null`, [userId]),
  revokeTokens: (q: Query, userId: number) => q(`update api_tokens set revoked_at = now() where user_id = $1 and revoked_at is null`, [userId]),
  /**
   * Counts one more try on `key` in a window of `windowSec` seconds, before the
   * password is checked: concurrent tries cannot all slip in under the limit.
   */
  async countAttempt(q: Query, key: Buffer, windowSec: number) {
    const [row] = await q<{ attempts: number; retry_after: number }>(
      `insert into login_throttle as t (key, attempts, window_start) values ($1, 1, now())
       on conflict (key) do update set
         attempts = case when t.window_start <= now() - make_interval(secs => $2) then 1 else t.attempts + 1 end,
         window_start = case when t.window_start <= now() - make_interval(secs => $2) then now() else t.window_start end
       returning attempts, greatest(1, ceil(extract(epoch from (window_start + make_interval(secs => $2) - now()))))::int as retry_after`,
      [key, windowSec],
    );
    return { attempts: Number(row.attempts), retryAfter: Number(row.retry_after) };
  },
  clearAttempts: (q: Query, key: Buffer) => q(`delete from login_throttle where key = $1`, [key]),
  /** Rows whose window ended long ago (names tried once and never again). */
  pruneAttempts: (q: Query, olderThanSec: number) => q(`delete from login_throttle where window_start < now() - make_interval(secs => $1)`, [olderThanSec]),
  revokeSession: (db: Db, tokenHash: Buffer) => db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.tokenHash, tokenHash)),
  async userBySession(db: Db, tokenHash: Buffer) {
    const rows = await db
      .select({ user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date()), isNull(users.disabledAt)))
      .limit(1);
    return rows[0]?.user;
  },
  async userByToken(db: Db, tokenHash: Buffer) {
    const rows = await db
      .select({ user: users, tokenId: apiTokens.id })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), isNull(users.disabledAt)))
      .limit(1);
    return rows[0];
  },
  touchToken: (db: Db, id: number) => db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, id)),
  insertToken: async (db: Db, row: typeof apiTokens.$inferInsert) => (await db.insert(apiTokens).values(row).returning())[0],
  listTokens: (db: Db, userId: number) => db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(apiTokens.id),
  revokeToken: (db: Db, userId: number, id: number) =>
    db.update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt))).returning(),
};
