import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamsSchema } from '@minping/shared/contracts/auth';
import { changePasswordBodySchema, invitedSchema, passwordResetSchema, inviteBodySchema, myScopeSchema, updateUserBodySchema, userSchema } from '@minping/shared/contracts/users';
import type { Context } from '../../context.js';
import { requireAdmin, requireUser } from '../../plugins/auth.js';
import { SESSION_COOKIE, sessionCookie } from '../auth/auth.service.js';
import * as users from './users.service.js';

export const userRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  app.get('/users', { schema: { tags: ['users'], summary: 'List users', response: { 200: z.array(userSchema) } }, onRequest: requireAdmin() }, async () => users.listUsers(ctx));

  app.post('/users', {
    schema: { tags: ['users'], summary: 'Invite a user', description: 'Invite a user with a role (and units for a liaison, campaigns for an evaluator); the one-time password is shown once.', body: inviteBodySchema, response: { 201: invitedSchema } },
    onRequest: requireAdmin(),
  }, async (req, reply) => reply.code(201).send(await users.inviteUser(ctx, req.user!.id, req.body)));

  app.patch('/users/:id', {
    schema: { tags: ['users'], summary: 'Edit a user', params: idParamsSchema, body: updateUserBodySchema, response: { 200: userSchema } },
    onRequest: requireAdmin(),
  }, async (req) => users.updateUser(ctx, req.user!.id, req.params.id, req.body));

  app.get('/me/scope', { schema: { tags: ['users'], summary: 'My units and campaigns', description: 'The units and campaigns the caller may see.', response: { 200: myScopeSchema } }, onRequest: requireUser() }, async (req) =>
    users.myScope(ctx, req.user!),
  );

  app.post('/users/:id/password', {
    schema: { tags: ['users'], summary: 'Reset a user\'s password', description: 'Reset a user\'s password: a new one-time password (shown once) to be changed at the next login; their sessions and API tokens end.', params: idParamsSchema, response: { 200: passwordResetSchema } },
    onRequest: requireAdmin(),
  }, async (req) => users.resetPassword(ctx, req.user!.id, req.params.id));

  app.post('/me/password', {
    schema: {
      tags: ['users'], summary: 'Change my password',
      description: 'Change one\'s own password (the current one is required). Every session of the user ends; a caller with a session cookie gets a new one. 409 CHANGED_MEANWHILE when an admin reset the password while this change was made (the reset stands).',
      body: changePasswordBodySchema,
      response: { 204: z.null() },
    },
    onRequest: requireUser(),
    // Per user (or address): the current password is a password guess too. Wrong
    // ones are also counted per account in PostgreSQL, like logins.
    config: { allowPendingPasswordChange: true, rateLimit: { max: 20, timeWindow: '1 minute', keyGenerator: (req) => (req.user ? `user:${req.user.id}` : req.ip) } },
  }, async (req, reply) => {
    const fresh = await users.changePassword(ctx, req.user!, req.body.current, req.body.next, { newSession: !!req.cookies[SESSION_COOKIE] });
    if (fresh) reply.setCookie(SESSION_COOKIE, fresh.token, sessionCookie(ctx, fresh.expiresAt));
    return reply.code(204).send(null);
  });
};
