import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { campaignKeyParamsSchema } from '@minping/shared/contracts/campaigns';
import {
  currentResultsSchema,
  exportQuerySchema,
  openDataSchema,
  publicResultsSchema,
  publishedCampaignSchema,
  publishBodySchema,
  publishedSchema,
  recomputeBodySchema,
  versionQuerySchema,
} from '@minping/shared/contracts/results';
import { CSV, XLSX, fileResponse } from '@minping/shared/contracts/files';
import { sentAsIs } from '@minping/shared/contracts/stored';
import type { Context } from '../../context.js';
import { campaignReader } from '../users/access.js';
import { requireAdmin, requireUser } from '../../plugins/auth.js';
import * as results from './results.service.js';
import { sendEncoded } from '../../lib/encoded-cache.js';

// Result bodies are large: each version is serialised and compressed once and
// sent as ready bytes with an ETag (lib/encoded-cache.ts; shape: CampaignResult
// in shared/scoring/types.ts).
export const resultRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  app.get('/campaigns/:key/results', {
    schema: { tags: ['results'], summary: 'Latest computed results', description: 'The latest computed results (not yet published ones included).', params: campaignKeyParamsSchema, response: { 200: sentAsIs(currentResultsSchema) } },
    onRequest: requireUser('admin', 'evaluator'), preHandler: campaignReader(ctx),
  }, async (req, reply) => {
    // Access is checked above (campaignReader) before any version, tag or cached byte is looked at.
    const { cacheKey, version } = await results.currentVersion(ctx, req.params.key);
    // private: a signed-in answer, never for a shared cache; no-cache: revalidate each time (304 when unchanged).
    return sendEncoded(req, reply, results.resultsCache, { key: cacheKey, version, cacheControl: 'private, no-cache', load: () => results.currentResultJson(ctx, req.params.key) });
  });

  app.post('/campaigns/:key/results/recompute', {
    schema: { tags: ['results'], summary: 'Recompute the results', description: 'Recompute the results now (from the running tallies, or rebuilt from every ballot) and answer them.', params: campaignKeyParamsSchema, body: recomputeBodySchema.nullish(), response: { 200: sentAsIs(currentResultsSchema) } },
    onRequest: requireAdmin(),
  }, async (req, reply) => reply.type('application/json; charset=utf-8').send(await results.recomputeResults(ctx, req.params.key, req.body?.from ?? 'tallies')));

  app.post('/campaigns/:key/results/publish', {
    schema: {
      tags: ['results'], summary: 'Publish the results',
      description: 'Snapshot the results; a republish is a new version. While flagged ballots wait for review it answers 409 FLAGGED_UNREVIEWED (details[0].params.count) unless the body names that count: { "unreviewedFlagged": n }. 409 RESULTS_NOT_READY while ballots are being checked, or when the inputs changed while the results were computed (publish again); 409 INVALID_STATUS_TRANSITION unless voting is closed.',
      params: campaignKeyParamsSchema, body: publishBodySchema.nullish(), response: { 201: publishedSchema },
    },
    onRequest: requireAdmin(),
  }, async (req, reply) => reply.code(201).send(await results.publish(ctx, req.params.key, req.user!.id, req.body?.unreviewedFlagged)));

  app.get('/campaigns/:key/results/export', {
    schema: { tags: ['results'], summary: 'Export the rankings', description: 'The rankings as CSV or XLSX (one sheet per category), in Chinese or English.', params: campaignKeyParamsSchema, querystring: exportQuerySchema, response: { 200: fileResponse('The rankings file.', XLSX, CSV) } },
    onRequest: requireUser('admin', 'evaluator'), preHandler: campaignReader(ctx),
  }, async (req, reply) => {
    const file = await results.exportRankings(ctx, req.params.key, req.query);
    return reply.type(file.type).header('content-disposition', `attachment; filename="${file.filename}"`).send(file.body);
  });

  // ---- public: published results and their inputs --------------------------
  app.get('/public/campaigns/:key/results', {
    schema: { tags: ['public'], summary: 'Published results', description: 'A published snapshot of the results (the latest, or ?version=N), with the list of published versions.', params: campaignKeyParamsSchema, querystring: versionQuerySchema, response: { 200: sentAsIs(publicResultsSchema) } },
  }, async (req, reply) => {
    const { cacheKey, version } = await results.publicVersion(ctx, req.params.key, req.query.version);
    // The snapshot at ?version=N never changes, but its answer lists the versions
    // published since: a minute's freshness, then revalidation (304). The latest
    // moves with each publish, so it is always revalidated.
    const cacheControl = req.query.version ? 'public, max-age=60' : 'public, no-cache';
    const load = async () => JSON.stringify(await results.publicResultJson(ctx, req.params.key, req.query.version));
    return sendEncoded(req, reply, results.resultsCache, { key: cacheKey, version, cacheControl, load });
  });

  app.get('/public/campaigns', { schema: { tags: ['public'], summary: 'List campaigns with published results', description: 'Campaigns with published results, newest first.', response: { 200: z.array(publishedCampaignSchema) } } }, async () => results.publishedCampaigns(ctx));

  app.get('/public/campaigns/:key/open-data.csv', {
    schema: { tags: ['public'], summary: 'Open data as CSV', description: 'The published inputs as one flat CSV: weights, points, rating counts, entered scores, vetoes, rules; each key with its name beside it and each unit with its category. Header cells read "key 中文": the word before the first space is the column key.', params: campaignKeyParamsSchema, querystring: versionQuerySchema, response: { 200: fileResponse('The open data as CSV.', CSV) } },
  }, async (req, reply) =>
    reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${req.params.key}-open-data.csv"`).send(await results.openDataCsv(ctx, req.params.key, req.query.version)),
  );

  app.get('/public/campaigns/:key/open-data.json', {
    schema: { tags: ['public'], summary: 'Open data as JSON', description: 'Counts of valid ratings, entered scores, vetoes, weights and rules as published.', params: campaignKeyParamsSchema, querystring: versionQuerySchema, response: { 200: openDataSchema } },
  }, async (req) => results.openData(ctx, req.params.key, req.query.version));
};
