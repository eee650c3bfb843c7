import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createTokenBodySchema, idParamsSchema, loginBodySchema, meSchema, tokenCreatedSchema, tokenListSchema } from '@minping/shared/contracts/auth';
import type { Context } from '../../context.js';
import { requireUser } from '../../plugins/auth.js';
import * as auth from './auth.service.js';

export const authRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  app.post('/auth/login', {
    schema: { tags: ['auth'], summary: 'Log in', body: loginBodySchema, response: { 200: meSchema } },
    config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
  }, async (req, reply) => {
    const { user, token, expiresAt } = await auth.login(ctx, req.body.username, req.body.password);
    reply.setCookie(auth.SESSION_COOKIE, token, auth.sessionCookie(ctx, expiresAt));
    return auth.publicUser(user);
  });

  app.post('/auth/logout', { schema: { tags: ['auth'], summary: 'Log out', response: { 204: z.null() } } }, async (req, reply) => {
    const token = req.cookies[auth.SESSION_COOKIE];
    if (token) await auth.logout(ctx, token);
    reply.clearCookie(auth.SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });

  app.get('/auth/me', {
    schema: { tags: ['auth'], summary: 'Who am I', response: { 200: meSchema } },
    onRequest: requireUser(),
    config: { allowPendingPasswordChange: true },
  }, async (req) => auth.publicUser(req.user!));

  app.get('/auth/tokens', { schema: { tags: ['auth'], summary: 'List my API tokens', response: { 200: tokenListSchema } }, onRequest: requireUser() }, async (req) =>
    auth.listApiTokens(ctx, req.user!.id),
  );
  app.post('/auth/tokens', {
    schema: { tags: ['auth'], summary: 'Create an API token', body: createTokenBodySchema, response: { 201: tokenCreatedSchema } },
    onRequest: requireUser(),
  }, async (req, reply) => reply.code(201).send(await auth.createApiToken(ctx, req.user!.id, req.body.name)));
  app.delete('/auth/tokens/:id', {
    schema: { tags: ['auth'], summary: 'Revoke an API token', params: idParamsSchema, response: { 204: z.null() } },
    onRequest: requireUser(),
  }, async (req, reply) => {
    await auth.revokeApiToken(ctx, req.user!.id, req.params.id);
    return reply.code(204).send(null);
  });
};
