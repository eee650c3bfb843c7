// The office invites people and gives them roles: evaluators read the results
// of campaigns they are assigned, liaisons see only their own units,
// inspectors record visits. Every change is in the audit trail.
import { hash, verify } from '@node-rs/argon2';
import type { UserRole } from '@minping/shared/contracts/auth';
import type { UserView } from '@minping/shared/contracts/users';
import type { Context } from '../../context.js';
import type { Query } from '../../infra/db.js';
import { AppError } from '../../lib/errors.js';
import { audit } from '../audit/audit.repo.js';
import { countAttempt, loginThrottleKey, startSession, type User } from '../auth/auth.service.js';
import { authRepo } from '../auth/auth.repo.js';
import { assertAcceptablePassword, oneTimePassword } from '../auth/passwords.js';

type Row = { id: number; username: string; display_name: string; role: string; created_at: Date; disabled_at: Date | null; units: string[]; campaigns: string[] };

const SELECT = `
  select u.id, u.username, u.display_name, u.role, u.created_at, u.disabled_at,
         coalesce((select array_agg(unit_key order by unit_key) from user_units where user_id = u.id), '{}') as units,
         coalesce((select array_agg(c.key order by c.key) from user_campaigns uc join campaigns c on c.id = uc.campaign_id where uc.user_id = u.id), '{}') as campaigns
    from users u`;

const view = (r: Row): UserView => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role as UserRole,
  units: r.units,
  campaigns: r.campaigns,
  createdAt: new Date(r.created_at).toISOString(),
  disabledAt: r.disabled_at ? new Date(r.disabled_at).toISOString() : null,
});

export async function listUsers(ctx: Context) {
  return (await ctx.database.query<Row>(`${SELECT} order by u.id`)).map(view);
}

async function getUser(q: Query, id: number) {
  const [row] = await q<Row>(`${SELECT} where u.id = $1`, [id]);
  if (!row) throw new AppError(404, 'NOT_FOUND', `No user ${id}`);
  return view(row);
}

async function setScope(q: Query, userId: number, units?: string[], campaigns?: string[]) {
  if (units) {
    const known = await q<{ key: string }>(`select key from units where key = any($1::text[])`, [units]);
    const missing = units.filter((u) => !known.some((k) => k.key === u));
    if (missing.length) throw new AppError(422, 'UNIT_UNKNOWN', `Unknown unit(s): ${missing.join(', ')}`);
    await q(`delete from user_units where user_id = $1`, [userId]);
    await q(`insert into user_units (user_id, unit_key) select $1, unnest($2::text[])`, [userId, units]);
  }
  if (campaigns) {
    const known = await q<{ id: number; key: string }>(`select id, key from campaigns where key = any($1::text[])`, [campaigns]);
    const missing = campaigns.filter((c) => !known.some((k) => k.key === c));
    if (missing.length) throw new AppError(404, 'CAMPAIGN_NOT_FOUND', `Unknown campaign(s): ${missing.join(', ')}`);
    await q(`delete from user_campaigns where user_id = $1`, [userId]);
    await q(`insert into user_campaigns (user_id, campaign_id) select $1, unnest($2::int[])`, [userId, known.map((k) => k.id)]);
  }
}

/** Creates the account with a one-time password the admin hands over; shown once. */
export async function inviteUser(ctx: Context, by: number, input: { username: string; displayName?: string; role: UserRole; units: string[]; campaigns: string[] }) {
  const password = oneTimePassword();
  const passwordHash = await hash(password);
  const user = await ctx.database.transaction(async ({ query: q }) => {
    const [taken] = await q(`select 1 from users where username = $1`, [input.username]);
    if (taken) throw new AppError(409, 'USERNAME_TAKEN', 'That username is taken');
    const [row] = await q<{ id: number }>(`insert into users (username, display_name, password_hash, role, must_change_password) values ($1, $2, $3, $4, true) returning id`, [
      input.username,
      input.displayName ?? input.username,
      passwordHash,
      input.role,
    ]);
    await setScope(q, row.id, input.units, input.campaigns);
    await audit(q, { userId: by, action: 'users.invite', target: input.username, detail: { role: input.role, units: input.units, campaigns: input.campaigns } });
    return getUser(q, row.id);
  });
  return { user, password };
}

export async function updateUser(ctx: Context, by: number, id: number, input: { role?: UserRole; displayName?: string; units?: string[]; campaigns?: string[]; disabled?: boolean }) {
  return ctx.database.transaction(async ({ query: q }) => {
    const before = await getUser(q, id);
    if (id === by && (input.disabled || (input.role && input.role !== 'admin'))) {
      throw new AppError(409, 'FORBIDDEN', 'You cannot disable yourself or give up your own admin role');
    }
    await q(
      `update users set role = coalesce($2, role), display_name = coalesce($3, display_name),
              disabled_at = case when $4::boolean is null then disabled_at when $4 then coalesce(disabled_at, now()) else null end
        where id = $1`,
      [id, input.role ?? null, input.displayName ?? null, input.disabled ?? null],
    );
    await setScope(q, id, input.units, input.campaigns);
    if (input.disabled) await q(`update sessions set revoked_at = now() where user_id = $1 and revoked_at is null`, [id]);
    const after = await getUser(q, id);
    await audit(q, { userId: by, action: 'users.update', target: before.username, detail: { before: { role: before.role, units: before.units, campaigns: before.campaigns, disabled: !!before.disabledAt }, after: input } });
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
  await countAttempt(ctx.database.query, key);
  if (!(await verify(user.passwordHash, current).catch(() => false))) throw new AppError(401, 'INVALID_CREDENTIALS', 'The current password is wrong');
  await authRepo.clearAttempts(ctx.database.query, key);
  assertAcceptablePassword(next, user);
  if (next === current) throw new AppError(422, 'PASSWORD_REUSED', 'Choose a password different from the current one');
  const passwordHash = await hash(next);
  return ctx.database.transaction(async ({ query: q }) => {
    await q(`update users set password_hash = $2, must_change_password = false, password_changed_at = now() where id = $1`, [user.id, passwordHash]);
    await authRepo.revokeSessions(q, user.id);
    await audit(q, { userId: user.id, action: 'users.password', target: user.username });
    return opts.newSession ? startSession(q, ctx, user.id) : null;
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
  const user = await ctx.database.transaction(async ({ query: q }) => {
    const before = await getUser(q, id);
    await q(`update users set password_hash = $2, must_change_password = true, password_changed_at = now() where id = $1`, [id, passwordHash]);
    await authRepo.revokeSessions(q, id);
    await authRepo.revokeTokens(q, id);
    await authRepo.clearAttempts(q, loginThrottleKey(ctx, before.username));
    await audit(q, { userId: by, action: 'users.password-reset', target: before.username });
    return before;
  });
  return { user, password };
}

export async function myScope(ctx: Context, user: User) {
  const units = await ctx.database.query<{ key: string; name: string }>(
    user.role === 'admin' ? `select key, name from units order by key` : `select u.key, u.name from user_units x join units u on u.key = x.unit_key where x.user_id = $1 order by u.key`,
    user.role === 'admin' ? [] : [user.id],
  );
  const campaigns = await ctx.database.query<{ key: string; name: string; status: string }>(
    user.role === 'evaluator'
      ? `select c.key, c.spec->>'name' as name, c.status from user_campaigns x join campaigns c on c.id = x.campaign_id where x.user_id = $1 order by c.first_phase_start desc`
      : user.role === 'liaison'
        ? `select distinct c.key, c.spec->>'name' as name, c.status, c.first_phase_start from campaigns c, jsonb_array_elements(c.spec->'units') u
            where u->>'key' in (select unit_key from user_units where user_id = $1) order by c.first_phase_start desc`
        : user.role === 'inspector'
          ? `select c.key, c.spec->>'name' as name, c.status from campaigns c where $1::int is not null and c.status <> 'draft' order by c.first_phase_start desc`
          : `select c.key, c.spec->>'name' as name, c.status from campaigns c where $1::int is not null order by c.first_phase_start desc`,
    [user.id],
  );
  return { role: user.role as UserRole, units, campaigns: campaigns.map((c) => ({ key: c.key, name: c.name, status: c.status })) };
}
