// Who may see which campaign and unit. Every route that returns unit data asks
// here, on the server: an admin sees everything, an evaluator the campaigns it
// is assigned, a liaison only its own units, an inspector what it recorded.
// Outside its scope a user gets 404, so the existence of data is not revealed.
import type { Context } from '../../context.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { User } from '../auth/auth.service.js';
import { notSignedIn } from '../../plugins/auth.js';
import { campaignsRepo } from '../campaigns/campaigns.repo.js';
import { usersRepo } from './users.repo.js';

export interface Scope {
  role: string;
  units: Set<string>;
  campaignIds: Set<number>;
}

const scopes = new WeakMap<User, Promise<Scope>>();

/**
 * What a user is assigned to, read once per request (the user object is the
 * request's). It reads through the pool, so a transaction step takes it before
 * it begins and checks with checkUnitReader / checkUnitLiaison inside.
 * An admin's scope is not needed by any check, and is not read.
 */
export function scopeOf(ctx: Context, user: User): Promise<Scope> {
  if (user.role === 'admin') return Promise.resolve({ role: user.role, units: new Set(), campaignIds: new Set() });
  let s = scopes.get(user);
  if (!s) {
    s = (async () => {
      const { units, campaignIds } = await usersRepo.assignments(ctx.database, user.id);
      return { role: user.role, units: new Set(units), campaignIds: new Set(campaignIds) };
    })();
    scopes.set(user, s);
  }
  return s;
}

/** Results of a whole campaign: admins, and evaluators assigned to it. */
export async function assertCampaignReader(ctx: Context, user: User, campaignId: number) {
  if (user.role === 'admin') return;
  const scope = await scopeOf(ctx, user);
  if (user.role === 'evaluator' && scope.campaignIds.has(campaignId)) return;
  // The same answer as a campaign that does not exist (GET /campaigns/:key gives
  // it too): whoever may not read it cannot tell that it is there.
  throw notFound('CAMPAIGN_NOT_FOUND', 'No such campaign');
}

/** One unit's data: admins, assigned evaluators, and the unit's own liaisons. */
export function checkUnitReader(user: User, scope: Scope, campaignId: number, unitKey: string) {
  if (user.role === 'admin') return;
  if (user.role === 'evaluator' && scope.campaignIds.has(campaignId)) return;
  if (user.role === 'liaison' && scope.units.has(unitKey)) return;
  throw notFound('NOT_FOUND', 'Unit not found');
}

export async function assertUnitReader(ctx: Context, user: User, campaignId: number, unitKey: string) {
  checkUnitReader(user, await scopeOf(ctx, user), campaignId, unitKey);
}

/** Only the unit's own liaison answers or appeals its tasks. */
export function checkUnitLiaison(user: User, scope: Scope, unitKey: string) {
  if (user.role === 'liaison' && scope.units.has(unitKey)) return;
  if (user.role === 'admin') throw new AppError(403, 'FORBIDDEN', "Only the unit's liaison answers for it");
  throw notFound('NOT_FOUND', 'Task not found');
}

/** SQL filter for lists: the unit keys a user may see (null = all). */
export async function visibleUnits(ctx: Context, user: User, campaignId: number): Promise<Set<string> | null> {
  if (user.role === 'admin') return null;
  const scope = await scopeOf(ctx, user);
  if (user.role === 'evaluator') return scope.campaignIds.has(campaignId) ? null : new Set();
  if (user.role === 'liaison') return scope.units;
  return new Set();
}

/** preHandler for routes under /campaigns/:key that return a whole campaign's results. */
export function campaignReader(ctx: Context) {
  return async (req: { user: User | null; passwordChangePending: boolean; params: unknown }) => {
    if (!req.user) throw notSignedIn(req);
    if (req.user.role === 'admin') return;
    const { key } = req.params as { key: string };
    const id = await campaignsRepo.idByKey(ctx.database, key);
    if (id === undefined) throw notFound('CAMPAIGN_NOT_FOUND', `No campaign "${key}"`);
    await assertCampaignReader(ctx, req.user, id);
  };
}
