import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { campaignKeyParamsSchema } from '@minping/shared/contracts/campaigns';
import { flaggedPageSchema, flaggedQuerySchema, reviewBodySchema, reviewResultSchema } from '@minping/shared/contracts/ballots';
import { CSV, fileResponse } from '@minping/shared/contracts/files';
import type { Context } from '../../context.js';
import { requireAdmin } from '../../plugins/auth.js';
import { requireCampaign } from '../campaigns/campaigns.service.js';
import { enqueueRecompute } from '../results/recompute.js';
import { reviewBallots } from './ballots.service.js';
import { exportBallotsCsv } from './ballots.export.js';

export const ballotRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  app.get('/campaigns/:key/ballots', {
    schema: { tags: ['ballots'], summary: 'List ballots by review state', description: 'Ballots by review state (default: flagged), with the reasons. No answers, no hashes.', params: campaignKeyParamsSchema, querystring: flaggedQuerySchema, response: { 200: flaggedPageSchema } },
    onRequest: requireAdmin(),
  }, async (req) => {
    const campaign = await requireCampaign(ctx.database.db, req.params.key);
    const rows = await ctx.database.query<{ id: number; questionnaire_key: string; group_key: string; flags: string[]; review: string; answering_ms: number; n: number; submitted_at: Date; reviewed_at: Date | null }>(
      `select b.id::int as id, b.questionnaire_key, b.group_key, b.flags, b.review, b.answering_ms, (select count(*) from jsonb_object_keys(b.ratings))::int as n,
              b.submitted_at, b.reviewed_at
         from ballots b where b.campaign_id = $1 and b.review = $2 and b.id > $3
          and ($5::text is null or $5 = any(b.flags)) and ($6::text is null or b.questionnaire_key = $6) order by b.id limit $4`,
      [campaign.id, req.query.review, req.query.after, req.query.limit + 1, req.query.flag ?? null, req.query.questionnaire ?? null],
    );
    const [{ total }] = await ctx.database.query<{ total: number }>(
      `select count(*)::int as total from ballots where campaign_id = $1 and review = $2 and ($3::text is null or $3 = any(flags)) and ($4::text is null or questionnaire_key = $4)`,
      [campaign.id, req.query.review, req.query.flag ?? null, req.query.questionnaire ?? null],
    );
    const page = rows.slice(0, req.query.limit);
    return {
      ballots: page.map((r) => ({
        id: r.id,
        questionnaire: r.questionnaire_key,
        group: r.group_key,
        flags: r.flags,
        review: r.review as 'flagged',
        answeringMs: r.answering_ms,
        ratings: r.n,
        submittedAt: new Date(r.submitted_at).toISOString(),
        reviewedAt: r.reviewed_at ? new Date(r.reviewed_at).toISOString() : null,
      })),
      next: rows.length > req.query.limit ? page[page.length - 1].id : null,
      total,
    };
  });

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
    const campaign = await requireCampaign(ctx.database.db, req.params.key);
    const result = await reviewBallots(ctx, campaign.id, req.body.ids, req.body.action, req.user!.id);
    if (result.campaigns.length) await enqueueRecompute(ctx, campaign.id).catch(() => {});
    return { changed: result.changed };
  });
};
