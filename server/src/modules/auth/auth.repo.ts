import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { apiTokens, sessions, users } from '../../db/schema.js';

export const authRepo = {
  findUserByName: (db: Db, username: string) => db.query.users.findFirst({ where: eq(users.username, username) }),
  countUsers: async (db: Db) => (await db.select({ id: users.id }).from(users).limit(1)).length,
  insertUser: async (db: Db, row: typeof users.$inferInsert) => (await db.insert(users).values(row).returning())[0],
  insertSession: (db: Db, row: typeof sessions.$inferInsert) => db.insert(sessions).values(row),
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
