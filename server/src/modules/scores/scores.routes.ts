import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { campaignKeyParamsSchema } from '@minping/shared/contracts/campaigns';
import {
  componentParamsSchema,
  csvPreviewSchema,
  csvQuerySchema,
  enterScoresBodySchema,
  enteredScoreRowSchema,
  historyParamsSchema,
  scoreHistorySchema,
  scoresCsvBodySchema,
  unitParamsSchema,
  vetoBodySchema,
  vetoSchema,
} from '@minping/shared/contracts/scores';
import type { Context } from '../../context.js';
import { campaignReader } from '../users/access.js';
import { requireAdmin, requireUser } from '../../plugins/auth.js';
import * as scores from './scores.service.js';
import { decodeSpreadsheetText } from '@minping/shared/spreadsheet-text';
import { AppError } from '../../lib/errors.js';

export const scoreRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  // text/csv only: text/plain is what a cross-site form can send.
  // UTF-8, or GB18030 as Chinese Excel saves CSV; anything else is refused, not read as U+FFFD.
  app.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: 2 * 1024 * 1024 }, (_req, body, done) => {
    const text = decodeSpreadsheetText(body as Buffer);
    if (text === null) done(new AppError(400, 'CSV_INVALID', 'The file is neither UTF-8 nor GB18030 text; save it from the spreadsheet as "CSV UTF-8"'), undefined);
    else done(null, text);
  });

  app.get('/campaigns/:key/scores/:component', {
    schema: { tags: ['scores'], summary: 'List entered scores', params: componentParamsSchema, response: { 200: z.array(enteredScoreRowSchema) } },
    onRequest: requireUser('admin', 'evaluator'), preHandler: campaignReader(ctx),
  }, async (req) => scores.listScores(ctx, req.params.key, req.params.component));

  app.put('/campaigns/:key/scores/:component', {
    schema: { tags: ['scores'], summary: 'Enter scores', description: 'Enter scores of an entered component; every entry is kept.', params: componentParamsSchema, body: enterScoresBodySchema, response: { 200: z.array(enteredScoreRowSchema) } },
    onRequest: requireAdmin(),
  }, async (req) => scores.enterScores(ctx, req.params.key, req.params.component, req.body.scores, req.user!.id, 'api'));

  app.post('/campaigns/:key/scores/:component/csv', {
    schema: { tags: ['scores'], summary: 'Upload scores as CSV', description: 'Upload `unit,score[,note]` as text/csv; ?dryRun=true previews the changes.', consumes: ['text/csv'], params: componentParamsSchema, querystring: csvQuerySchema, body: scoresCsvBodySchema, response: { 200: csvPreviewSchema } },
    onRequest: requireAdmin(),
  }, async (req) => scores.uploadCsv(ctx, req.params.key, req.params.component, req.body, req.query.dryRun, req.user!.id));

  app.get('/campaigns/:key/scores/:component/history/:unit', {
    schema: { tags: ['scores'], summary: 'A unit\'s score history', params: historyParamsSchema, response: { 200: scoreHistorySchema } },
    onRequest: requireUser('admin', 'evaluator'), preHandler: campaignReader(ctx),
  }, async (req) => scores.scoreHistory(ctx, req.params.key, req.params.component, req.params.unit));

  app.get('/campaigns/:key/vetoes', {
    schema: { tags: ['scores'], summary: 'List vetoes', params: campaignKeyParamsSchema, response: { 200: z.array(vetoSchema) } },
    onRequest: requireUser('admin', 'evaluator'), preHandler: campaignReader(ctx),
  }, async (req) => scores.listVetoes(ctx, req.params.key));

  app.put('/campaigns/:key/vetoes/:unit', {
    schema: { tags: ['scores'], summary: 'Veto a unit', description: 'Veto (一票否决) a unit in this campaign, with a reason.', params: unitParamsSchema, body: vetoBodySchema, response: { 200: z.array(vetoSchema) } },
    onRequest: requireAdmin(),
  }, async (req) => scores.setVeto(ctx, req.params.key, req.params.unit, req.body.reason, req.user!.id));

  app.delete('/campaigns/:key/vetoes/:unit', {
    schema: { tags: ['scores'], summary: 'Revoke a veto', params: unitParamsSchema, response: { 204: z.null() } },
    onRequest: requireAdmin(),
  }, async (req, reply) => {
    await scores.revokeVeto(ctx, req.params.key, req.params.unit, req.user!.id);
    return reply.code(204).send(null);
  });
};
