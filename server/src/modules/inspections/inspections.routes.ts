import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createInspectionBodySchema, findingParamsSchema, findingTaskBodySchema, inspectionQuerySchema, inspectionSchema } from '@minping/shared/contracts/inspections';
import { taskDetailSchema } from '@minping/shared/contracts/tasks';
import type { Context } from '../../context.js';
import { requireAdmin, requireUser } from '../../plugins/auth.js';
import { findingToTask, listInspections, recordInspection } from './inspections.service.js';

export const inspectionRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  app.post('/inspections', {
    schema: { tags: ['inspections'], summary: 'Record an inspection visit', description: 'Record a visit (明查暗访): open, undercover or by phone, with findings and photos.', body: createInspectionBodySchema, response: { 201: inspectionSchema } },
    onRequest: requireUser('inspector', 'admin'),
  }, async (req, reply) => reply.code(201).send(await recordInspection(ctx, req.user!, req.body)));

  app.get('/inspections', { schema: { tags: ['inspections'], summary: 'List inspection visits', querystring: inspectionQuerySchema, response: { 200: z.array(inspectionSchema) } }, onRequest: requireUser() }, async (req) =>
    listInspections(ctx, req.user!, req.query.campaign, req.query.unit),
  );

  app.post('/inspections/:id/findings/:finding/task', {
    schema: { tags: ['inspections'], summary: 'Turn a finding into a task', description: 'Turn a finding into a rectification task for the unit.', params: findingParamsSchema, body: findingTaskBodySchema, response: { 201: taskDetailSchema } },
    onRequest: requireAdmin(),
  }, async (req, reply) => reply.code(201).send(await findingToTask(ctx, req.user!, req.params.id, req.params.finding, req.body)));
};
