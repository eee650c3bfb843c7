// Who is asking: a session cookie (the console) or a bearer API token (scripts).
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
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
  }
}

async function identify(ctx: Context, req: FastifyRequest): Promise<User | null> {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return (await userFromApiToken(ctx, header.slice(7).trim())) ?? null;
  const cookie = req.cookies?.[SESSION_COOKIE];
  if (cookie) return (await userFromSession(ctx, cookie)) ?? null;
  return null;
}

export function registerAuth(app: FastifyInstance, ctx: Context) {
  app.decorateRequest('user', null);
  app.decorateRequest('passwordChangePending', false);
  app.addHook('onRequest', async (req) => {
    // Only the api surface needs a user; the vote path stays free of lookups.
    if (req.url.startsWith('/api/v1/vote/') || req.url.startsWith('/api/v1/receipts/')) return;
    if (req.headers.authorization || req.headers.cookie?.includes(SESSION_COOKIE)) req.user = await identify(ctx, req);
    // A one-time password (ASVS 2.3.1) opens nothing but its own change: the
    // user is taken away here, once, so every check of req.user downstream
    // (guards, scope checks, the queue board) refuses without knowing why.
    if (req.user?.mustChangePassword && !req.routeOptions.config?.allowPendingPasswordChange) {
      req.user = null;
      req.passwordChangePending = true;
    }
  });
  // Routes name their guard as a preHandler, which Fastify runs after parsing
  // and validating the body. Run it on request instead: an anonymous caller
  // gets 401 without the body being read, never a 400 that describes it.
  app.addHook('onRoute', (route) => {
    const pre = [route.preHandler ?? []].flat();
    const guards = pre.filter((f) => GUARD in f);
    if (!guards.length) return;
    route.preHandler = pre.filter((f) => !(GUARD in f));
    route.onRequest = [...[route.onRequest ?? []].flat(), ...(guards as never[])];
  });
}

const GUARD = Symbol('auth guard');

export function requireUser(...roles: UserRole[]): preHandlerAsyncHookHandler {
  const guard: preHandlerAsyncHookHandler = async (req) => {
    if (!req.user) throw notSignedIn(req);
    if (roles.length && !roles.includes(req.user.role as UserRole)) throw new AppError(403, 'FORBIDDEN', 'Your role may not do this');
  };
  return Object.assign(guard, { [GUARD]: true });
}

export const requireAdmin = () => requireUser('admin');

/** Why there is no user: none signed in (401), or one who must change a one-time password first (403). */
export function notSignedIn(req: { passwordChangePending: boolean }): AppError {
  return req.passwordChangePending
    ? new AppError(403, 'PASSWORD_CHANGE_REQUIRED', 'Set a new password first (POST /api/v1/me/password)')
    : new AppError(401, 'UNAUTHENTICATED', 'Log in first');
}
