import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { UserRole } from '@minping/shared/contracts/auth';
import type { Context } from '../../context.js';
import type { Queryable } from '../../infra/db.js';
import type { MemoOptions } from '../../infra/changes.js';
import { AppError, notFound } from '../../lib/errors.js';
import { authRepo } from './auth.repo.js';
import { oneTimePassword } from './passwords.js';
import { audited } from '../audit/audit.repo.js';

export const SESSION_COOKIE = 'mp_session';
const SESSION_DAYS = 7;
// A fixed hash to verify against when the user does not exist, so timing does
// not tell which usernames are real.
let dummyHash: Promise<string> | undefined;

export type User = NonNullable<Awaited<ReturnType<typeof authRepo.findUserByName>>>;

export function publicUser(u: User) {
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role as UserRole, mustChangePassword: u.mustChangePassword };
}

// Per-account throttling (OWASP ASVS 2.2.1): 5 wrong passwords in 15 minutes
// and the account answers 429 until the window ends, whoever asks and from
// wherever (the per-address limit alone lets a botnet guess forever). At most
// 20 guesses an hour per account. Kept in PostgreSQL: it holds with Redis down.
// The price is that anyone can lock an account for 15 minutes by guessing;
// an admin's reset lifts it at once.
export const MAX_ATTEMPTS = 5;
export const ATTEMPT_WINDOW_SEC = 15 * 60;

/** Counts a password try on `key`; past the limit, a 429 with Retry-After without looking at the password. */
export async function countAttempt(on: Queryable, key: Buffer) {
  const { attempts, retryAfter } = await authRepo.countAttempt(on, key, ATTEMPT_WINDOW_SEC);
  if (attempts > MAX_ATTEMPTS) {
    throw new AppError(429, 'TOO_MANY_ATTEMPTS', 'Too many wrong passwords; try again later', undefined, { 'retry-after': String(retryAfter) });
  }
}

export const loginThrottleKey = (ctx: Pick<Context, 'secrets'>, username: string) => ctx.secrets.hashThrottleKey(`login:${username}`);

export async function login(ctx: Context, username: string, password: string) {
  const database = ctx.database;
  // Counted by the name asked for, existing or not: a locked name and an
  // unknown one answer alike, so lockouts tell nothing about who exists.
  const key = loginThrottleKey(ctx, username);
  await countAttempt(database, key);
  const user = await authRepo.findUserByName(database, username);
  dummyHash ??= hash('not-a-password');
  const ok = await verify(user?.passwordHash ?? (await dummyHash), password).catch(() => false);
  if (!user || !ok || user.disabledAt) {
    if (Math.random() < 0.01) void authRepo.pruneAttempts(database, 86400).catch(() => {});
    throw new AppError(401, 'INVALID_CREDENTIALS', 'Wrong username or password');
  }
  await authRepo.clearAttempts(database, key);
  const { token, expiresAt } = await startSession(database, ctx, user.id);
  return { user, token, expiresAt };
}

export const sessionCookie = (ctx: Context, expires: Date) => ({
  path: '/',
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: ctx.config.publicUrl.startsWith('https://'),
  expires,
});

/** A new session (a fresh random id) for a user; `on` may be a transaction. */
export async function startSession(on: Queryable, ctx: Context, userId: number) {
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86400_000);
  await authRepo.insertSession(on, ctx.secrets.hashToken(token), userId, expiresAt);
  return { token, expiresAt };
}

export async function logout(ctx: Context, token: string) {
  await authRepo.revokeSession(ctx.database, ctx.secrets.hashToken(token));
}

/**
 * Who a session belongs to: asked of PostgreSQL once, then kept in memory
 * until a user or session changes anywhere (infra/changes.ts), the session
 * ends, or a minute passes. Each request gets its own copy: what is read per
 * request and keyed by its user (the scope, users/access.ts) stays per request.
 */
const SESSIONS: MemoOptions = { tables: ['users', 'sessions'], ttlMs: 60_000, maxEntries: 10_000 };

export async function userFromSession(ctx: Context, token: string): Promise<User | undefined> {
  const hash = ctx.secrets.hashToken(token);
  const found = await ctx.changes
    .memo<{ user: User; expiresAt: Date }>('sessions', SESSIONS)
    .get(
      hash.toString('hex'),
      async () => {
        const row = await authRepo.userBySession(ctx.database, hash);
        return row && Object.freeze({ user: Object.freeze(row.user), expiresAt: row.expiresAt });
      },
      (s) => s.expiresAt.getTime(),
    );
  return found && { ...found.user };
}

export async function userFromApiToken(ctx: Context, token: string) {
  const found = await authRepo.userByToken(ctx.database, ctx.secrets.hashToken(token));
  if (!found) return undefined;
  void authRepo.touchToken(ctx.database, found.tokenId).catch(() => {});
  return found.user;
}

export async function createApiToken(ctx: Context, userId: number, name: string) {
  const token = `mpt_${crypto.randomBytes(24).toString('base64url')}`;
  const row = await audited(
    ctx.database,
    (tx) => authRepo.insertToken(tx, { tokenHash: ctx.secrets.hashToken(token), userId, name }),
    (created) => ({ userId, action: 'auth.token-create', target: String(created.id), detail: { name } }),
  );
  return { id: row.id, name: row.name, token };
}

export async function listApiTokens(ctx: Context, userId: number) {
  const rows = await authRepo.listTokens(ctx.database, userId);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
  }));
}

export async function revokeApiToken(ctx: Context, userId: number, id: number) {
  await audited(
    ctx.database,
    async (tx) => {
      const rows = await authRepo.revokeToken(tx, userId, id);
      if (!rows.length) throw notFound('NOT_FOUND', 'No such active token');
    },
    () => ({ userId, action: 'auth.token-revoke', target: String(id) }),
  );
}

/** For scripts, tests and the first start; people are invited through the users module. */
export async function createUser(ctx: Context, input: { username: string; password: string; role: string; displayName?: string; mustChangePassword?: boolean }) {
  if (await authRepo.findUserByName(ctx.database, input.username)) throw new AppError(409, 'USERNAME_TAKEN', 'That username is taken');
  return authRepo.insertUser(ctx.database, {
    username: input.username,
    displayName: input.displayName ?? input.username,
    passwordHash: await hash(input.password),
    role: input.role,
    mustChangePassword: input.mustChangePassword ?? false,
  });
}

/**
 * The first admin, created once at first start; its password is printed once,
 * so it is a one-time password: it must be changed at the first login (the demo
 * seed lifts that, see server/src/demo/seed.ts).
 */
export async function ensureFirstAdmin(ctx: Context): Promise<{ username: string; password: string } | null> {
  if ((await authRepo.countUsers(ctx.database)) > 0) return null;
  const password = oneTimePassword();
  // Several api replicas may start at once on a fresh database: one inserts
  // the admin, the others find the name taken, start anyway and show no
  // password (theirs would not be the one stored).
  const created = await authRepo.insertUserIfAbsent(ctx.database, {
    username: 'admin',
    displayName: '管理员',
    passwordHash: await hash(password),
    role: 'admin',
    mustChangePassword: true,
  });
  return created ? { username: 'admin', password } : null;
}
