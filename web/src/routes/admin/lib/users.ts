// Accounts as the office hands them out: which scope each role carries, and
// the request bodies, changed fields only. Pure, so it is tested without a browser.
import type { UserRole } from '@minping/shared/contracts/auth';
import type { User } from '../../../lib/console/types';

export const ROLES: readonly UserRole[] = ['admin', 'evaluator', 'liaison', 'inspector'];

export const ROLE_KEYS: Record<UserRole, string> = {
  admin: 'role.admin',
  evaluator: 'role.evaluator',
  liaison: 'role.liaison',
  inspector: 'role.inspector',
};

export const ROLE_HELP_KEYS: Record<UserRole, string> = {
  admin: 'admin.users.roleHelp.admin',
  evaluator: 'admin.users.roleHelp.evaluator',
  liaison: 'admin.users.roleHelp.liaison',
  inspector: 'admin.users.roleHelp.inspector',
};

/** A liaison answers for its units; an inspector may be kept to some units; an evaluator reads its campaigns. */
export function scopeOf(role: UserRole): { units: boolean; campaigns: boolean } {
  return { units: role === 'liaison' || role === 'inspector', campaigns: role === 'evaluator' };
}

export interface UserForm {
  username: string;
  displayName: string;
  role: UserRole;
  units: string[];
  campaigns: string[];
  disabled: boolean;
}

export const USERNAME = /^[\p{L}\p{N}._-]{2,50}$/u;

/** POST /users: the scope the role does not use is left out, so it is not stored by mistake. */
export function inviteBody(f: UserForm) {
  const scope = scopeOf(f.role);
  const displayName = f.displayName.trim();
  return {
    username: f.username.trim(),
    ...(displayName ? { displayName } : {}),
    role: f.role,
    units: scope.units ? [...f.units].sort() : [],
    campaigns: scope.campaigns ? [...f.campaigns].sort() : [],
  };
}

export const formOf = (u: User): UserForm => ({
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  units: [...u.units],
  campaigns: [...u.campaigns],
  disabled: !!u.disabledAt,
});

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

/** PATCH /users/:id: only what changed; a scope the new role does not use is emptied. */
export function userPatch(before: User, f: UserForm): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  const scope = scopeOf(f.role);
  const units = scope.units ? f.units : [];
  const campaigns = scope.campaigns ? f.campaigns : [];
  if (f.role !== before.role) patch.role = f.role;
  if (f.displayName.trim() && f.displayName.trim() !== before.displayName) patch.displayName = f.displayName.trim();
  if (!same(units, before.units)) patch.units = [...units].sort();
  if (!same(campaigns, before.campaigns)) patch.campaigns = [...campaigns].sort();
  if (f.disabled !== !!before.disabledAt) patch.disabled = f.disabled;
  return patch;
}
