// The office invites people and gives them roles: evaluators read the results
// of campaigns they are assigned, liaisons see only their own units,
// inspectors record visits. Every change is in the audit trail.
import { hash, verify } from '@node-rs/argon2';
import type { UserRole } from '@minping/shared/contracts/auth';
import type { UserView } from '@minping/shared/contracts/users';
import type { Context } from '../../context.js';
import type { Queryable } from '../../infra/db.js';
import { AppError, notFound, uniqueViolation } from '../../lib/errors.js';
import { audit } from '../audit/audit.repo.js';
import { countAttempt, loginThrottleKey, startSession, type User } from '../auth/auth.service.js';
import { authRepo } from '../auth/auth.repo.js';
import { assertAcceptablePassword, oneTimePassword } from '../auth/passwords.js';
import { usersRepo, type UserRow } from './users.repo.js';

const view = (r: UserRow): UserView => ({
  id: r.id,
  username: r.username,
  displayName: r.displayName,
  role: r.role as UserRole,
  units: r.units,
  campaigns: r.campaigns,
  createdAt: r.createdAt.toISOString(),
  disabledAt: r.disabledAt ? r.disabledAt.toISOString() : null,
});

export async function listUsers(ctx: Context) {
  return (await usersRepo.list(ctx.database)).map(view);
}

async function getUser(on: Queryable, id: number) {
  const row = await usersRepo.one(on, id);
  if (!row) throw notFound('NOT_FOUND', `No user ${id}`);
  return view(row);
}

/** Assigns units (all known) and campaigns (all existing); what is not given stays. */
async function setScope(on: Queryable, userId: number, units?: string[], campaigns?: string[]) {
  if (units) {
    const known = await usersRepo.knownUnits(on, units);
    const missing = units.filter((u) => !known.includes(u));
    if (missing.length) throw new AppError(422, 'UNIT_UNKNOWN', `Unknown unit(s): ${missing.join(', ')}`);
    await usersRepo.setUnits(on, userId, units);
  }
  if (campaigns) {
    const known = await usersRepo.knownCampaigns(on, campaigns);
    const missing = campaigns.filter((c) => !known.some((k) => k.key === c));
    if (missing.length) throw notFound('CAMPAIGN_NOT_FOUND', `Unknown campaign(s): ${missing.join(', ')}`);
    await usersRepo.setCampaigns(on, userId, known.map((k) => k.id));
  }
}

/** Creates the account with a one-time password the admin hands over; shown once. */
export async function inviteUser(ctx: Context, by: number, input: { username: string; displayName?: string; role: UserRole; units: string[]; campaigns: string[] }) {
  const password = oneTimePassword();
  const passwordHash = await hash(password);
  const user = await ctx.database.transaction(async (tx) => {
    if (await usersRepo.usernameTaken(tx, input.username)) throw new AppError(409, 'USERNAME_TAKEN', 'That username is taken');
    const row = await usersRepo.insert(tx, { username: input.username, displayName: input.displayName ?? input.username, passwordHash, role: input.role, mustChangePassword: true }).catch((err: unknown) => {
      // The same name invited at the same moment: the later one meets it at the unique index.
      throw uniqueViolation(err, 'users_username_unique') ? new AppError(409, 'USERNAME_TAKEN', 'That username is taken') : err;
    });
    await setScope(tx, row.id, input.units, input.campaigns);
    await audit(tx, { userId: by, action: 'users.invite', target: input.username, detail: { role: input.role, units: input.units, campaigns: input.campaigns } });
    return getUser(tx, row.id);
  });
  return { user, password };
}

export async function updateUser(ctx: Context, by: number, id: number, input: { role?: UserRole; displayName?: string; units?: string[]; campaigns?: string[]; disabled?: boolean }) {
  return ctx.database.transaction(async (tx) => {
    const before = await getUser(tx, id);
    if (id === by && (input.disabled || (input.role && input.role !== 'admin'))) {
      throw new AppError(409, 'FORBIDDEN', 'You cannot disable yourself or give up your own admin role');
    }
    await usersRepo.update(tx, id, { role: input.role, displayName: input.displayName, disabled: input.disabled });
    await setScope(tx, id, input.units, input.campaigns);
    if (input.disabled) await authRepo.revokeSessions(tx, id);
    const after = await getUser(tx, id);
    await audit(tx, { userId: by, action: 'users.update', target: before.username, detail: { before: { role: before.role, units: before.units, campaigns: before.campaigns, disabled: !!before.disabledAt }, after: input } });
    return after;
  });
}

/**
 * A user sets their own password. It needs the current one (ASVS 2.1.6), whose
 * wrong guesses count like logins; the new one must pass the rules. Every
 * session of the user ends (ASVS 3.3.3): one left open elsewhere, perhaps by
 * whoever knew the old password, is out. The caller, if it came with a session
 * cookie, gets a new session with a fresh id in return.
 *
 * API tokens stay: each is its own credential, named, listed with its last use
 * and revoked one by one, and a script should not stop because its owner chose
 * a new password. When the account itself is in doubt, the admin's reset
 * (below) ends them too.
 */
export async function changePassword(ctx: Context, user: User, current: string, next: string, opts: { newSession: boolean }) {
  const key = ctx.secrets.hashThrottleKey(`password:${user.id}`);
  await countAttempt(ctx.database, key);
  if (!(await verify(user.passwordHash, current).catch(() => false))) throw new AppError(401, 'INVALID_CREDENTIALS', 'The current password is wrong');
  await authRepo.clearAttempts(ctx.database, key);
  assertAcceptablePassword(next, user);
  if (next === current) throw new AppError(422, 'PASSWORD_REUSED', 'Choose a password different from the current one');
  const passwordHash = await hash(next);
  return ctx.database.transaction(async (tx) => {
    // Only over the password just checked: an admin's reset made meanwhile stands.
    if (!(await usersRepo.setPassword(tx, user.id, passwordHash, false, user.passwordHash))) {
      throw new AppError(409, 'CHANGED_MEANWHILE', 'The password was changed or reset meanwhile; sign in again');
    }
    await authRepo.revokeSessions(tx, user.id);
    await audit(tx, { userId: user.id, action: 'users.password', target: user.username });
    return opts.newSession ? startSession(tx, ctx, user.id) : null;
  });
}

/**
 * The office resets a user's password (forgotten, or the account is in
 * doubt): a new one-time password, shown once, to be changed at the next
 * login; every session and API token of the user ends, and a lockout is lifted.
 */
export async function resetPassword(ctx: Context, by: number, id: number) {
  if (id === by) throw new AppError(409, 'FORBIDDEN', 'Change your own password under your account, not by a reset');
  const password = oneTimePassword();
  const passwordHash = await hash(password);
  const user = await ctx.database.transaction(async (tx) => {
    const before = await getUser(tx, id);
    await usersRepo.setPassword(tx, id, passwordHash, true);
    await authRepo.revokeSessions(tx, id);
    await authRepo.revokeTokens(tx, id);
    await authRepo.clearAttempts(tx, loginThrottleKey(ctx, before.username));
    await audit(tx, { userId: by, action: 'users.password-reset', target: before.username });
    return before;
  });
  return { user, password };
}

export async function myScope(ctx: Context, user: User) {
  const units = await usersRepo.scopeUnits(ctx.database, user.role === 'admin' ? null : user.id);
  const campaigns = await usersRepo.scopeCampaigns(ctx.database, user.role, user.id);
  return { role: user.role as UserRole, units, campaigns: campaigns.map((c) => ({ key: c.key, name: c.name, status: c.status })) };
}

/**
 * The way back in when the admin's password is lost (`npm run
 * reset-admin-password`, run by whoever runs the server): like the office's
 * reset, a one-time password shown once, every session and API token ended,
 * a lockout lifted, and an entry in the audit trail with nobody signed in.
 */
export async function resetPasswordFromCommandLine(ctx: Pick<Context, 'database' | 'secrets'>, username: string) {
  const password = oneTimePassword();
  const passwordHash = await hash(password);
  await ctx.database.transaction(async (tx) => {
    const user = await usersRepo.byName(tx, username);
    if (!user) throw notFound('NOT_FOUND', `No user "${username}"`);
    await usersRepo.setPassword(tx, user.id, passwordHash, true);
    await authRepo.revokeSessions(tx, user.id);
    await authRepo.revokeTokens(tx, user.id);
    await authRepo.clearAttempts(tx, loginThrottleKey(ctx, username));
    await audit(tx, { userId: null, action: 'users.password-reset', target: username, detail: { via: 'command line' } });
  });
  return { username, password };
}
