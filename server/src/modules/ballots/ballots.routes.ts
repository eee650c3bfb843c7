import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { campaignKeyParamsSchema } from '@minping/shared/contracts/campaigns';
import {
  flagGroupListSchema,
  flagGroupParamsSchema,
  flagGroupsQuerySchema,
  flaggedPageSchema,
  flaggedQuerySchema,
  groupReviewBodySchema,
  groupReviewResultSchema,
  reviewBodySchema,
  reviewResultSchema,
} from '@minping/shared/contracts/ballots';
import { CSV, fileResponse } from '@minping/shared/contracts/files';
import type { Context } from '../../context.js';
import { requireAdmin } from '../../plugins/auth.js';
import { requireCampaign } from '../campaigns/campaigns.service.js';
import { listBallots, listFlagGroups, reviewBallots, reviewFlagGroup } from './ballots.service.js';
import { exportBallotsCsv } from './ballots.export.js';

export const ballotRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  app.get('/campaigns/:key/ballots', {
    schema: {
      tags: ['ballots'], summary: 'List ballots by review state',
      description: 'Ballots by review state (default: flagged), or of one flag group: the reasons, the flag groups, the start of the receipt, and the answers (ratings and problems). No hashes, no comment, and not whether there is one: comments are read apart, joined to no ballot.',
      params: campaignKeyParamsSchema, querystring: flaggedQuerySchema, response: { 200: flaggedPageSchema },
    },
    onRequest: requireAdmin(),
  }, async (req) => listBallots(ctx, req.params.key, req.query));

  app.get('/campaigns/:key/ballots.csv', {
    schema: {
      tags: ['ballots'], summary: 'Export every ballot as CSV',
      description: 'Every ballot as CSV, streamed: id, questionnaire, group, submitted_at (UTC), answering_seconds, review, flags, counted, one column per unit (option key or empty), problems (unit:problem;…). No comments: they are listed apart, joined to no ballot.',
      params: campaignKeyParamsSchema,
      response: { 200: fileResponse('One ballot per line.', CSV) },
    },
    onRequest: requireAdmin(),
  }, async (req, reply) => {
    const { filename, stream } = await exportBallotsCsv(ctx, req.params.key);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(stream);
  });

  app.post('/campaigns/:key/ballots/review', {
    schema: { tags: ['ballots'], summary: 'Clear or void flagged ballots', description: 'Clear (count) or void flagged ballots, one or many; scores follow.', params: campaignKeyParamsSchema, body: reviewBodySchema, response: { 200: reviewResultSchema } },
    onRequest: requireAdmin(),
  }, async (req) => {
    const campaign = await requireCampaign(ctx.database, req.params.key);
    const result = await reviewBallots(ctx, campaign.id, req.body.ids, req.body.action, req.user!.id);
    return { changed: result.changed };
  });

  app.get('/campaigns/:key/ballots/groups', {
    schema: { tags: ['ballots'], summary: 'List flag groups', description: 'The flag groups (one rule, one device, or one address in one minute) with ballots in a review state (default: flagged), the largest first, with their ballots by review state.', params: campaignKeyParamsSchema, querystring: flagGroupsQuerySchema, response: { 200: flagGroupListSchema } },
    onRequest: requireAdmin(),
  }, async (req) => listFlagGroups(ctx, req.params.key, req.query));

  app.post('/campaigns/:key/ballots/groups/:group/review', {
    schema: {
      tags: ['ballots'], summary: 'Clear or void a flag group',
      description: 'Clear (count) or void every ballot of one flag group still waiting for review, in one step, with a reason kept in the audit log; scores follow. Ballots of the group already reviewed keep their decision (skipped). Sent again it changes nothing.',
      params: flagGroupParamsSchema, body: groupReviewBodySchema, response: { 200: groupReviewResultSchema },
    },
    onRequest: requireAdmin(),
  }, async (req) => reviewFlagGroup(ctx, req.params.key, req.params.group, req.body, req.user!.id));
};
