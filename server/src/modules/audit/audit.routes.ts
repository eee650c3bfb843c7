import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditPageSchema, auditQuerySchema } from '@minping/shared/contracts/audit';
import { CSV, fileResponse } from '@minping/shared/contracts/files';
import type { Context } from '../../context.js';
import { requireAdmin } from '../../plugins/auth.js';
import { requireCampaign } from '../campaigns/campaigns.service.js';
import { auditRepo } from './audit.repo.js';
import { CSV_BOM, csvRow, primedStream } from '../../lib/csv.js';


export const auditRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  const filterOf = async (q: { campaign?: string; action?: string }) => ({
    campaignId: q.campaign ? (await requireCampaign(ctx.database, q.campaign)).id : undefined,
    action: q.action,
  });
  const entry = (r: Awaited<ReturnType<typeof auditRepo.page>>[number]) => ({
    id: r.id,
    at: r.at.toISOString(),
    user: r.username,
    action: r.action,
    campaign: r.campaignKey,
    target: r.target,
    detail: r.detail,
  });

  app.get('/audit', {
    schema: { tags: ['audit'], summary: 'Read the audit trail', description: 'The append-only trail of every change a person made, newest first.', querystring: auditQuerySchema, response: { 200: auditPageSchema } },
    onRequest: requireAdmin(),
  }, async (req) => {
    const rows = await auditRepo.page(ctx.database, { ...(await filterOf(req.query)), after: req.query.before, limit: req.query.limit + 1 });
    const page = rows.slice(0, req.query.limit);
    return { entries: page.map(entry), next: rows.length > req.query.limit ? page[page.length - 1].id : null };
  });

  app.get('/audit.csv', {
    schema: { tags: ['audit'], summary: 'Export the audit trail as CSV', description: 'The whole audit trail (or a filtered part) as CSV.', querystring: auditQuerySchema.omit({ before: true, limit: true }), response: { 200: fileResponse('id,at,user,action,campaign,target,detail per line.', CSV) } },
    onRequest: requireAdmin(),
  }, async (req, reply) => {
    const filter = await filterOf(req.query);
    async function* lines() {
      // The header goes out with the first page (see primedStream).
      let head = CSV_BOM + csvRow(['id', 'at', 'user', 'action', 'campaign', 'target', 'detail']);
      let before: number | undefined;
      for (;;) {
        const rows = await auditRepo.page(ctx.database, { ...filter, after: before, limit: 1000 });
        if (!rows.length) {
          if (head) yield head;
          return;
        }
        yield head + rows
          .map((r) => csvRow([r.id, r.at.toISOString(), r.username, r.action, r.campaignKey, r.target, r.detail == null ? '' : JSON.stringify(r.detail)]))
          .join('');
        head = '';
        before = rows[rows.length - 1].id;
      }
    }
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="audit.csv"').send(await primedStream(lines()));
  });
};
