import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  campaignKeyParamsSchema,
  campaignSummarySchema,
  campaignFileBodySchema,
  campaignTextsBodySchema,
  importResultSchema,
  specValidSchema,
  statusBodySchema,
} from '@minping/shared/contracts/campaigns';
import { campaignSpecSchema } from '@minping/shared/spec';
import { readJsonText } from '@minping/shared/spec-issues';
import { AppError } from '../../lib/errors.js';
import { sentAsIs } from '@minping/shared/contracts/stored';
import type { Context } from '../../context.js';
import { campaignReader } from '../users/access.js';
import { requireAdmin, requireUser } from '../../plugins/auth.js';
import * as campaigns from './campaigns.service.js';
import { strictUtf8 } from '../../plugins/json-body.js';

const SPEC_BODY_LIMIT = 5 * 1024 * 1024;

export const campaignRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  app.get('/campaigns', { schema: { tags: ['campaigns'], summary: 'List campaigns', response: { 200: z.array(campaignSummarySchema) } }, onRequest: requireUser() }, async (req) =>
    campaigns.listCampaigns(ctx, req.user!),
  );

  // The body is any JSON: the spec validator reports every problem with its
  // path and code. The two file routes have their own JSON parser, so a file
  // that is not JSON is answered with where it breaks (line, column), as the
  // web page and the command line say it, not with the parser's sentence.
  const fileRoutes: FastifyPluginAsyncZod = async (files) => {
    const standard = files.getDefaultJsonParser('error', 'error');
    files.removeContentTypeParser('application/json');
    files.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: SPEC_BODY_LIMIT }, strictUtf8((req, body, done) => {
      standard(req, body, (err, value) => {
        if (!err) return done(null, value);
        const read = body.length ? readJsonText(body) : null;
        if (read && !read.ok && read.issue.code !== 'INVALID') done(new AppError(400, 'MALFORMED_JSON', `The campaign file is not valid JSON: ${read.issue.message}`, [read.issue]), undefined);
        else done(err, undefined);
      });
    }));

    files.post('/campaigns/import', {
      schema: { tags: ['campaigns'], summary: 'Import a campaign file', description: 'Import a campaign file (specVersion 1); creates or updates by key.', body: campaignFileBodySchema, response: { 200: importResultSchema, 201: importResultSchema } },
      bodyLimit: SPEC_BODY_LIMIT,
      onRequest: requireAdmin(),
    }, async (req, reply) => {
      const result = await campaigns.importSpec(ctx, req.body, req.user!.id);
      return reply.code(result.created ? 201 : 200).send(result);
    });

    files.post('/campaigns/validate', {
      schema: { tags: ['campaigns'], summary: 'Check a campaign file', description: 'Check a campaign file without storing it.', body: campaignFileBodySchema, response: { 200: specValidSchema } },
      bodyLimit: SPEC_BODY_LIMIT,
      onRequest: requireAdmin(),
    }, async (req) => {
      campaigns.validateSpec(req.body);
      return { ok: true as const };
    });
  };
  await app.register(fileRoutes);

  app.get('/campaigns/:key', { schema: { tags: ['campaigns'], summary: 'Get a campaign', params: campaignKeyParamsSchema, response: { 200: campaignSummarySchema } }, onRequest: requireUser() }, async (req) =>
    campaigns.getCampaign(ctx, req.params.key, req.user!),
  );

  app.get('/campaigns/:key/spec', {
    schema: { tags: ['campaigns'], summary: 'Export the campaign file', description: 'Export the campaign file; importing it again changes nothing. Admins, evaluators of the campaign, and inspectors (who need its units and problem list).', params: campaignKeyParamsSchema, response: { 200: { description: 'The campaign file, as a download.', content: { 'application/json': { schema: sentAsIs(campaignSpecSchema) } } } } },
    onRequest: requireUser('admin', 'evaluator', 'inspector'), preHandler: async (req) => (req.user!.role === 'inspector' ? undefined : campaignReader(ctx)(req)),
  }, async (req, reply) => {
    const row = await campaigns.requireCampaign(ctx.database, req.params.key);
    return reply
      .header('content-disposition', `attachment; filename="${row.key}.json"`)
      .type('application/json; charset=utf-8')
      // Parsing again restores the file's field order (jsonb sorts keys).
      .send(JSON.stringify(campaignSpecSchema.parse(row.spec), null, 2));
  });

  app.patch('/campaigns/:key', {
    schema: { tags: ['campaigns'], summary: 'Edit a campaign\'s name or theme', params: campaignKeyParamsSchema, body: campaignTextsBodySchema, response: { 200: campaignSummarySchema } },
    onRequest: requireAdmin(),
  }, async (req) => campaigns.updateTexts(ctx, req.params.key, req.body, req.user!.id));

  app.post('/campaigns/:key/status', {
    schema: { tags: ['campaigns'], summary: 'Change a campaign\'s status', params: campaignKeyParamsSchema, body: statusBodySchema, response: { 200: campaignSummarySchema } },
    onRequest: requireAdmin(),
  }, async (req) => campaigns.setStatus(ctx, req.params.key, req.body.status, req.user!.id));
};
