import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { campaignKeyParamsSchema } from '@minping/shared/contracts/campaigns';
import { progressSchema, seriesParamsSchema, trendQuerySchema, trendSchema } from '@minping/shared/contracts/progress';
import type { Context } from '../../context.js';
import { requireAdmin, requireUser } from '../../plugins/auth.js';
import { campaignProgress, seriesTrend } from './progress.service.js';
import { scopeOf } from '../users/access.js';

export const progressRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  app.get('/campaigns/:key/progress', {
    schema: { tags: ['progress'], summary: 'Live voting progress', description: 'Live counts for the console: ballots by questionnaire, group and hour, flagged, codes used, queue health.', params: campaignKeyParamsSchema, response: { 200: progressSchema } },
    onRequest: requireAdmin(),
  }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    return campaignProgress(ctx, req.params.key);
  });

  app.get('/series/:series/trend', {
    schema: { tags: ['progress'], summary: 'Trend across a series', description: 'Composite, rank and bottom streak of each unit across the campaigns of a series.', params: seriesParamsSchema, querystring: trendQuerySchema, response: { 200: trendSchema } },
    onRequest: requireUser('admin', 'evaluator'),
  }, async (req) => {
    const allowed = req.user!.role === 'admin' ? null : (await scopeOf(ctx, req.user!)).campaignIds;
    return seriesTrend(ctx, req.params.series, req.query.unit, allowed);
  });
};
