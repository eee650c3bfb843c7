import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ballotAcceptedSchema,
  ballotHeadersSchema,
  ballotSubmissionSchema,
  codeParamsSchema,
  questionnaireViewSchema,
  receiptParamsSchema,
  receiptViewSchema,
  settingsSchema,
} from '@minping/shared/contracts/vote';
import type { Context } from '../../context.js';
import type { BallotCommitter } from './committer.js';
import * as vote from './vote.service.js';
import { voterLimit } from '../../plugins/rate-limit.js';

const BALLOT_BODY_LIMIT = 64 * 1024;

export const voteRoutes = (ctx: Context, committer: BallotCommitter): FastifyPluginAsyncZod => async (app) => {
  // Per source; a code's routes also refuse a source locked out for guessing codes.
  const rateLimit = voterLimit(ctx.config.voteRateLimit, { lockout: true });
  const receiptLimit = voterLimit(ctx.config.voteRateLimit, { lockout: false });

  app.get('/vote/:code', {
    schema: { tags: ['vote'], summary: 'Open the questionnaire of a code', description: 'The questionnaire a one-time code opens.', params: codeParamsSchema, response: { 200: questionnaireViewSchema } },
    config: { rateLimit, voterPath: true },
  }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    return vote.openQuestionnaire(ctx, req.params.code, req.ip);
  });

  app.post('/vote/:code', {
    schema: {
      tags: ['vote'], summary: 'Submit a ballot',
      description: 'Submit the ballot of a code, once. 201 only after the ballot and the use of its code are committed. A retry with the same Idempotency-Key gets the same 201 and receipt back; any other second submit gets 409 CODE_ALREADY_USED.',
      params: codeParamsSchema,
      headers: ballotHeadersSchema,
      body: ballotSubmissionSchema,
      response: { 201: ballotAcceptedSchema },
    },
    bodyLimit: BALLOT_BODY_LIMIT,
    config: { rateLimit, voterPath: true },
  }, async (req, reply) => reply.code(201).send(await vote.submitBallot(ctx, committer, req.params.code, req.body, req.ip, req.headers['idempotency-key'])));

  // The address voters reach (PUBLIC_URL): the console may run on an internal host.
  // Null when none is configured: the pages then fall back to their own address, and say so.
  app.get('/settings', {
    schema: { tags: ['vote'], summary: 'Public settings', description: 'Public settings the pages need: the address in vote links (PUBLIC_URL), null when the deployment sets none.', response: { 200: settingsSchema } },
  }, async () => ({ publicUrl: ctx.config.publicUrlSet ? ctx.config.publicUrl : null }));

  app.get('/receipts/:receipt', {
    schema: { tags: ['vote'], summary: 'Check a receipt', description: 'Was my ballot recorded, and does it count? Reveals no answers.', params: receiptParamsSchema, response: { 200: receiptViewSchema } },
    config: { rateLimit: receiptLimit, voterPath: true },
  }, async (req) => vote.checkReceiptState(ctx, req.params.receipt));
};
