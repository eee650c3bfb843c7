import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { campaignKeyParamsSchema } from '@minping/shared/contracts/campaigns';
import { idParamsSchema } from '@minping/shared/contracts/auth';
import { followupContactBodySchema } from '@minping/shared/contracts/tasks';
import { followupLeftSchema, receiptParamsSchema } from '@minping/shared/contracts/vote';
import {
  accountabilityOverviewSchema,
  commentPageSchema,
  commentsQuerySchema,
  escalationQuerySchema,
  escalationResponse,
  followupContactSchema,
  publicCloseOutSchema,
  unitReportParamsSchema,
  unitReportSchema,
  type EscalationStep,
} from '@minping/shared/contracts/accountability';
import { ZH } from '../../lib/coded-text.zh.js';
import type { Context } from '../../context.js';
import { requireAdmin, requireUser } from '../../plugins/auth.js';
import { requireCampaign } from '../campaigns/campaigns.service.js';
import { CSV_BOM, csvRow } from '../../lib/csv.js';
import { campaignReader } from '../users/access.js';
import { escalationList, overview, publicCloseOut, unitReport } from './accountability.service.js';
import { leaveContact, listComments, revealContact } from './followup.service.js';

// The CSV's words: Chinese (coded-text.zh, as the printed sheet) unless ?lang=en, as the rankings export.
const CSV_WORDS = {
  'zh-CN': { head: ['类别', '名次', '被评对象', '综合得分', '一票否决', '连续末位次数', '处理措施', '措施代码'], yes: '是', step: (s: EscalationStep) => ZH[`escalation.step.${s}`] },
  en: {
    head: ['Category', 'Rank', 'Unit', 'Composite', 'Veto', 'Consecutive bottom', 'Step', 'Step code'],
    yes: 'yes',
    step: (s: EscalationStep) => ({ 'public-criticism': 'Public criticism', 'talk-with-head': 'Talk with the head', 'leadership-review': 'Leadership review' })[s],
  },
};

export const accountabilityRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  app.get('/campaigns/:key/accountability', {
    schema: { tags: ['accountability'], summary: 'Accountability overview', description: "The office's overview: tasks by unit and status, closing rate, days to close, inspection counts.", params: campaignKeyParamsSchema, response: { 200: accountabilityOverviewSchema } },
    onRequest: requireAdmin(),
  }, async (req) => overview(ctx, req.params.key));

  app.get('/campaigns/:key/escalation', {
    schema: { tags: ['accountability'], summary: 'Escalation list of bottom units', description: 'Units in the bottom set, with their consecutive-bottom count and the step it calls for; ?format=csv to export (in Chinese, or ?lang=en).', params: campaignKeyParamsSchema, querystring: escalationQuerySchema, response: { 200: escalationResponse } },
    onRequest: requireUser('admin', 'evaluator'), preHandler: campaignReader(ctx),
  }, async (req, reply) => {
    const list = await escalationList(ctx, req.params.key);
    if (req.query.format === 'json') return list;
    const w = CSV_WORDS[req.query.lang];
    const rows = [csvRow(w.head)];
    for (const e of list) rows.push(csvRow([e.categoryName, e.rank, e.unitName, e.composite, e.vetoed ? w.yes : '', e.consecutiveBottom, w.step(e.step), e.step]));
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${req.params.key}-escalation.csv"`).send(CSV_BOM + rows.join(''));
  });

  app.get('/campaigns/:key/units/:unit/report', {
    schema: { tags: ['accountability'], summary: 'A unit\'s report', description: "One unit's scores, warning, what to fix and tasks; a liaison sees only its own units, and published figures only.", params: unitReportParamsSchema, response: { 200: unitReportSchema } },
    onRequest: requireUser(),
  }, async (req) => unitReport(ctx, req.user!, req.params.key, req.params.unit));

  app.get('/campaigns/:key/comments', {
    schema: { tags: ['accountability'], summary: 'List ballot comments', description: 'Ballot comments, to read and turn into tasks: key, questionnaire, group, text, whether a phone number was left, tasks made. Ordered by key, paged by ?after=<key>. No ballot id, time or day: nothing joins a comment to the ballots export.', params: campaignKeyParamsSchema, querystring: commentsQuerySchema, response: { 200: commentPageSchema } },
    onRequest: requireAdmin(),
  }, async (req) => listComments(ctx, (await requireCampaign(ctx.database, req.params.key)).id, req.query.after, req.query.limit));

  app.get('/tasks/:id/contact', {
    schema: { tags: ['accountability'], summary: 'Reveal a voter\'s follow-up phone number', description: "The phone number a voter left for a follow-up call (the reading is audited; refused from another site's page).", params: idParamsSchema, response: { 200: followupContactSchema } },
    config: { sameOriginOnly: true },
    onRequest: requireAdmin(),
  }, async (req) => revealContact(ctx, req.user!, req.params.id));

  app.post('/receipts/:receipt/followup', {
    schema: { tags: ['vote'], summary: 'Leave a phone number for a follow-up call', description: '回访: after voting, leave a phone number (with consent) to hear how the comment was handled.', params: receiptParamsSchema, body: followupContactBodySchema, response: { 201: followupLeftSchema } },
    config: { rateLimit: { max: 10, timeWindow: '1 minute' }, voterPath: true },
  }, async (req, reply) => reply.code(201).send(await leaveContact(ctx, req.params.receipt, req.body.phone)));

  app.get('/public/campaigns/:key/close-out', {
    schema: { tags: ['public'], summary: 'Public close-out of tasks', description: 'Per unit: tasks opened, closed on time, closed late, still open, and the tasks the office made public.', params: campaignKeyParamsSchema, response: { 200: publicCloseOutSchema } },
  }, async (req) => publicCloseOut(ctx, req.params.key));
};
