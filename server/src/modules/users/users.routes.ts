import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamsSchema } from '@minping/shared/contracts/auth';
import { changePasswordBodySchema, invitedSchema, inviteBodySchema, myScopeSchema, updateUserBodySchema, userSchema } from '@minping/shared/contracts/users';
import type { Context } from '../../context.js';
import { requireAdmin, requireUser } from '../../plugins/auth.js';
import * as users from './users.service.js';

export const userRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  app.get('/users', { schema: { tags: ['users'], response: { 200: z.array(userSchema) } }, preHandler: requireAdmin() }, async () => users.listUsers(ctx));

  app.post('/users', {
    schema: { tags: ['users'], description: 'Invite a user with a role (and units for a liaison, campaigns for an evaluator); the one-time password is shown once.', body: inviteBodySchema, response: { 201: invitedSchema } },
    preHandler: requireAdmin(),
  }, async (req, reply) => reply.code(201).send(await users.inviteUser(ctx, req.user!.id, req.body)));

  app.patch('/users/:id', {
    schema: { tags: ['users'], params: idParamsSchema, body: updateUserBodySchema, response: { 200: userSchema } },
    preHandler: requireAdmin(),
  }, async (req) => users.updateUser(ctx, req.user!.id, req.params.id, req.body));

  app.get('/me/scope', { schema: { tags: ['users'], description: 'The units and campaigns the caller may see.', response: { 200: myScopeSchema } }, preHandler: requireUser() }, async (req) =>
    users.myScope(ctx, req.user!),
  );

  app.post('/me/password', { schema: { tags: ['users'], body: changePasswordBodySchema, response: { 204: z.null() } }, preHandler: requireUser() }, async (req, reply) => {
    await users.changePassword(ctx, req.user!, req.body.current, req.body.next);
    return reply.code(204).send(null);
  });
};
