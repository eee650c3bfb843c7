// Who is asking: a session cookie (the console) or a bearer API token (scripts).
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { UserRole } from '@minping/shared/contracts/auth';
import type { Context } from '../context.js';
import { AppError } from '../lib/errors.js';
import { SESSION_COOKIE, userFromApiToken, userFromSession, type User } from '../modules/auth/auth.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
    /** Signed in with a one-time password not yet changed: every guard answers 403 PASSWORD_CHANGE_REQUIRED. */
    passwordChangePending: boolean;
  }
  interface FastifyContextConfig {
    /** The few routes a user with a one-time password may call: who am I, change it (logout needs no user). */
    allowPendingPasswordChange?: boolean;
    /**
     * A read that leaves a trace (an audited reveal): checked for a cross-site
     * origin like a change, since a foreign link would make it in a user's name.
     */
    sameOriginOnly?: boolean;
    /**
     * The voter's path (ballots, receipts): no user is looked up, whatever
     * cookie or token comes along, so it stays free of lookups and no console
     * session is ever tied to a ballot.
     */
    voterPath?: boolean;
  }
}

async function identify(ctx: Context, req: FastifyRequest): Promise<User | null> {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return (await userFromApiToken(ctx, header.slice(7).trim())) ?? null;
  const cookie = req.cookies?.[SESSION_COOKIE];
  if (cookie) return (await userFromSession(ctx, cookie)) ?? null;
  return null;
}

/**
 * Every request but the voter's is identified here, before any route hook:
 * guards (declared per route, see requireUser) and the routes that read
 * req.user optionally (metrics, the queue board, per-user limits) find it set.
 */
export function registerAuth(app: FastifyInstance, ctx: Context) {
  app.decorateRequest('user', null);
  app.decorateRequest('passwordChangePending', false);
  app.addHook('onRequest', async (req) => {
    if (req.routeOptions.config?.voterPath) return;
    if (req.headers.authorization || req.headers.cookie?.includes(SESSION_COOKIE)) req.user = await identify(ctx, req);
    // A one-time password (ASVS 2.3.1) opens nothing but its own change: the
    // user is taken away here, once, so every check of req.user downstream
    // (guards, scope checks, the queue board) refuses without knowing why.
    if (req.user?.mustChangePassword && !req.routeOptions.config?.allowPendingPasswordChange) {
      req.user = null;
      req.passwordChangePending = true;
    }
  });
  // A guard must run on request: as a preHandler it would run after the body is
  // parsed and validated, and an anonymous caller would get a 400 describing it.
  // A route's rate limit (added to its onRequest by @fastify/rate-limit) counts
  // before its guard, so a caller who is refused is still counted: the guard
  // goes last among the route's onRequest hooks, whatever the order of plugins.
  app.addHook('onRoute', (route) => {
    if ([route.preHandler ?? []].flat().some((f) => GUARD in f)) {
      throw new Error(`${route.method} ${route.url}: declare the auth guard as onRequest, not preHandler`);
    }
    const onRequest = [route.onRequest ?? []].flat();
    if (onRequest.some((f) => GUARD in f)) route.onRequest = [...onRequest.filter((f) => !(GUARD in f)), ...onRequest.filter((f) => GUARD in f)];
  });
}

const GUARD = Symbol('auth guard');

/** An auth guard, declared as a route's `onRequest`; `roles`: whom it lets in (none: any signed-in user). */
export type Guard = onRequestAsyncHookHandler & { [GUARD]: true; roles: UserRole[] };

export function requireUser(...roles: UserRole[]): Guard {
  const guard: onRequestAsyncHookHandler = async (req) => {
    if (!req.user) throw notSignedIn(req);
    if (roles.length && !roles.includes(req.user.role as UserRole)) throw new AppError(403, 'FORBIDDEN', 'Your role may not do this');
  };
  return Object.assign(guard, { [GUARD]: true as const, roles });
}

export const requireAdmin = () => requireUser('admin');

/** The guard among a route's onRequest hooks, if any (the OpenAPI document reads it). */
export function guardOf(onRequest: unknown): Guard | undefined {
  return [onRequest ?? []].flat().find((f): f is Guard => typeof f === 'function' && GUARD in f);
}

/** Why there is no user: none signed in (401), or one who must change a one-time password first (403). */
export function notSignedIn(req: { passwordChangePending: boolean }): AppError {
  return req.passwordChangePending
    ? new AppError(403, 'PASSWORD_CHANGE_REQUIRED', 'Set a new password first (POST /api/v1/me/password)')
    : new AppError(401, 'UNAUTHENTICATED', 'Log in first');
}
