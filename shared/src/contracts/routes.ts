// Every JSON operation of /api/v1 (and the probes), by "METHOD /path", with the
// types of what it takes and answers, inferred from the same zod schemas the
// server validates and serializes with. Types only: the web imports this with
// `import type`, so no zod code reaches a browser bundle. A JSON route added on
// the server without its line here fails test/integration/openapi.test.ts.
import type { z } from 'zod';
import type { accountabilityOverviewSchema, commentPageSchema, commentsQuerySchema, escalationEntrySchema, followupContactSchema, publicCloseOutSchema, unitReportSchema } from './accountability.js';
import type { attachmentSchema } from './attachments.js';
import type { auditPageSchema, auditQuerySchema } from './audit.js';
import type { createTokenBodySchema, loginBodySchema, meSchema, tokenCreatedSchema, tokenListSchema } from './auth.js';
import type { flagGroupListSchema, flagGroupsQuerySchema, flaggedPageSchema, flaggedQuerySchema, groupReviewBodySchema, groupReviewResultSchema, reviewBodySchema, reviewResultSchema } from './ballots.js';
import type { campaignSummarySchema, campaignTextsBodySchema, importResultSchema, specValidSchema, statusBodySchema } from './campaigns.js';
import type { codeBatchSchema, createBatchBodySchema, voidBodySchema, voidCodeBodySchema, voidResultSchema } from './codes.js';
import type { createInspectionBodySchema, findingTaskBodySchema, inspectionQuerySchema, inspectionSchema } from './inspections.js';
import type { progressSchema, trendQuerySchema, trendSchema } from './progress.js';
import type { OpenData, currentResultsSchema, publicResultsSchema, publishBodySchema, publishedCampaignSchema, publishedSchema, recomputeBodySchema, versionQuerySchema } from './results.js';
import type { csvPreviewSchema, csvQuerySchema, enterScoresBodySchema, enteredScoreRowSchema, scoreHistorySchema, vetoBodySchema, vetoSchema } from './scores.js';
import type {
  answerBodySchema,
  appealBodySchema,
  createTaskBodySchema,
  decideAppealBodySchema,
  followupContactBodySchema,
  fromProblemsBodySchema,
  fromProblemsResultSchema,
  holidaySchema,
  holidaysBodySchema,
  publicBodySchema,
  taskDetailSchema,
  taskListQuerySchema,
  taskSchema,
  verifyBodySchema,
} from './tasks.js';
import type { applyDraftBodySchema, applyDraftResultSchema, createDraftBodySchema, draftSchema, draftSummarySchema, saveDraftBodySchema, unitRowsSchema, unitsXlsxQuerySchema } from './drafts.js';
import type { changePasswordBodySchema, invitedSchema, inviteBodySchema, myScopeSchema, passwordResetSchema, updateUserBodySchema, userSchema } from './users.js';
import type { ballotAcceptedSchema, ballotSubmissionSchema, followupLeftSchema, questionnaireViewSchema, receiptViewSchema, settingsSchema } from './vote.js';
import type { CampaignSpec } from '../spec.js';

type Out<S extends z.ZodType> = z.output<S>;
type In<S extends z.ZodType> = z.input<S>;
/** A query as the client writes it: coerced fields (numbers) may be given as numbers or strings. */
type Query<S extends z.ZodType> = { [K in keyof In<S>]?: unknown extends In<S>[K] ? number | string : In<S>[K] };

export interface ApiRoutes {
  // auth and users
  'POST /auth/login': { body: In<typeof loginBodySchema>; response: Out<typeof meSchema> };
  'POST /auth/logout': { response: void };
  'GET /auth/me': { response: Out<typeof meSchema> };
  'GET /auth/tokens': { response: Out<typeof tokenListSchema> };
  'POST /auth/tokens': { body: In<typeof createTokenBodySchema>; response: Out<typeof tokenCreatedSchema> };
  'DELETE /auth/tokens/:id': { response: void };
  'GET /users': { response: Out<typeof userSchema>[] };
  'POST /users': { body: In<typeof inviteBodySchema>; response: Out<typeof invitedSchema> };
  'PATCH /users/:id': { body: In<typeof updateUserBodySchema>; response: Out<typeof userSchema> };
  'GET /me/scope': { response: Out<typeof myScopeSchema> };
  'POST /users/:id/password': { response: Out<typeof passwordResetSchema> };
  'POST /me/password': { body: In<typeof changePasswordBodySchema>; response: void };
  // campaigns
  'GET /campaigns': { response: Out<typeof campaignSummarySchema>[] };
  'POST /campaigns/import': { body: unknown; response: Out<typeof importResultSchema> };
  'POST /campaigns/validate': { body: unknown; response: Out<typeof specValidSchema> };
  'GET /campaigns/:key': { response: Out<typeof campaignSummarySchema> };
  'GET /campaigns/:key/spec': { response: CampaignSpec };
  'PATCH /campaigns/:key': { body: In<typeof campaignTextsBodySchema>; response: Out<typeof campaignSummarySchema> };
  'POST /campaigns/:key/status': { body: In<typeof statusBodySchema>; response: Out<typeof campaignSummarySchema> };
  // the campaign editor's drafts (contracts/drafts.ts)
  'GET /campaign-drafts': { response: Out<typeof draftSummarySchema>[] };
  'POST /campaign-drafts': { body: In<typeof createDraftBodySchema>; response: Out<typeof draftSchema> };
  'GET /campaign-drafts/:id': { response: Out<typeof draftSchema> };
  'PUT /campaign-drafts/:id': { body: In<typeof saveDraftBodySchema>; response: Out<typeof draftSchema> };
  'DELETE /campaign-drafts/:id': { response: void };
  'POST /campaign-drafts/:id/apply': { body: In<typeof applyDraftBodySchema>; response: Out<typeof applyDraftResultSchema> };
  /** An XLSX (body: the file's bytes) with 单位名称 / 类别 / 编码 columns, read into unit rows; ?draft=id reads 类别 against that draft's categories. */
  'POST /campaign-drafts/units-xlsx': { query: Query<typeof unitsXlsxQuerySchema>; body: Blob | ArrayBuffer; response: Out<typeof unitRowsSchema> };
  // codes
  'GET /campaigns/:key/code-batches': { response: Out<typeof codeBatchSchema>[] };
  'POST /campaigns/:key/code-batches': { body: In<typeof createBatchBodySchema>; response: Out<typeof codeBatchSchema> };
  'GET /campaigns/:key/code-batches/:id': { response: Out<typeof codeBatchSchema> };
  'POST /campaigns/:key/code-batches/:id/void': { body: In<typeof voidBodySchema>; response: Out<typeof voidResultSchema> };
  'POST /campaigns/:key/codes/void': { body: In<typeof voidCodeBodySchema>; response: Out<typeof voidResultSchema> };
  // voting (public)
  'GET /vote/:code': { response: Out<typeof questionnaireViewSchema> };
  'POST /vote/:code': { body: In<typeof ballotSubmissionSchema>; response: Out<typeof ballotAcceptedSchema> };
  'GET /settings': { response: Out<typeof settingsSchema> };
  'GET /receipts/:receipt': { response: Out<typeof receiptViewSchema> };
  'POST /receipts/:receipt/followup': { body: In<typeof followupContactBodySchema>; response: Out<typeof followupLeftSchema> };
  // ballots
  'GET /campaigns/:key/ballots': { query: Query<typeof flaggedQuerySchema>; response: Out<typeof flaggedPageSchema> };
  'POST /campaigns/:key/ballots/review': { body: In<typeof reviewBodySchema>; response: Out<typeof reviewResultSchema> };
  'GET /campaigns/:key/ballots/groups': { query: Query<typeof flagGroupsQuerySchema>; response: Out<typeof flagGroupListSchema> };
  'POST /campaigns/:key/ballots/groups/:group/review': { body: In<typeof groupReviewBodySchema>; response: Out<typeof groupReviewResultSchema> };
  // scores
  'GET /campaigns/:key/scores/:component': { response: Out<typeof enteredScoreRowSchema>[] };
  'PUT /campaigns/:key/scores/:component': { body: In<typeof enterScoresBodySchema>; response: Out<typeof enteredScoreRowSchema>[] };
  'POST /campaigns/:key/scores/:component/csv': { query: Query<typeof csvQuerySchema>; body: string; response: Out<typeof csvPreviewSchema> };
  'GET /campaigns/:key/scores/:component/history/:unit': { response: Out<typeof scoreHistorySchema> };
  'GET /campaigns/:key/vetoes': { response: Out<typeof vetoSchema>[] };
  'PUT /campaigns/:key/vetoes/:unit': { body: In<typeof vetoBodySchema>; response: Out<typeof vetoSchema>[] };
  'DELETE /campaigns/:key/vetoes/:unit': { response: void };
  // results
  'GET /campaigns/:key/results': { response: Out<typeof currentResultsSchema> };
  'POST /campaigns/:key/results/recompute': { body?: In<typeof recomputeBodySchema>; response: Out<typeof currentResultsSchema> };
  'POST /campaigns/:key/results/publish': { body?: In<typeof publishBodySchema>; response: Out<typeof publishedSchema> };
  'GET /public/campaigns': { response: Out<typeof publishedCampaignSchema>[] };
  'GET /public/campaigns/:key/results': { query: Query<typeof versionQuerySchema>; response: Out<typeof publicResultsSchema> };
  'GET /public/campaigns/:key/open-data.json': { query: Query<typeof versionQuerySchema>; response: OpenData };
  // progress
  'GET /campaigns/:key/progress': { response: Out<typeof progressSchema> };
  'GET /series/:series/trend': { query: Query<typeof trendQuerySchema>; response: Out<typeof trendSchema> };
  // audit
  'GET /audit': { query: Query<typeof auditQuerySchema>; response: Out<typeof auditPageSchema> };
  // tasks, attachments, inspections
  'GET /tasks': { query: Query<typeof taskListQuerySchema>; response: Out<typeof taskSchema>[] };
  'POST /tasks': { body: In<typeof createTaskBodySchema>; response: Out<typeof taskDetailSchema> };
  'POST /campaigns/:key/tasks/from-problems': { body: In<typeof fromProblemsBodySchema>; response: Out<typeof fromProblemsResultSchema> };
  'GET /tasks/:id': { response: Out<typeof taskDetailSchema> };
  'POST /tasks/:id/answer': { body: In<typeof answerBodySchema>; response: Out<typeof taskDetailSchema> };
  'POST /tasks/:id/verify': { body: In<typeof verifyBodySchema>; response: Out<typeof taskDetailSchema> };
  'POST /tasks/:id/public': { body: In<typeof publicBodySchema>; response: Out<typeof taskDetailSchema> };
  'POST /tasks/:id/appeal': { body: In<typeof appealBodySchema>; response: Out<typeof taskDetailSchema> };
  'POST /tasks/:id/appeal/decide': { body: In<typeof decideAppealBodySchema>; response: Out<typeof taskDetailSchema> };
  'GET /holidays': { response: Out<typeof holidaySchema>[] };
  'PUT /holidays': { body: In<typeof holidaysBodySchema>; response: Out<typeof holidaySchema>[] };
  'POST /attachments': { body: File; response: Out<typeof attachmentSchema> };
  'POST /inspections': { body: In<typeof createInspectionBodySchema>; response: Out<typeof inspectionSchema> };
  'GET /inspections': { query: Query<typeof inspectionQuerySchema>; response: Out<typeof inspectionSchema>[] };
  'POST /inspections/:id/findings/:finding/task': { body: In<typeof findingTaskBodySchema>; response: Out<typeof taskDetailSchema> };
  // accountability
  'GET /campaigns/:key/accountability': { response: Out<typeof accountabilityOverviewSchema> };
  'GET /campaigns/:key/escalation': { response: Out<typeof escalationEntrySchema>[] };
  'GET /campaigns/:key/units/:unit/report': { response: Out<typeof unitReportSchema> };
  'GET /campaigns/:key/comments': { query: Query<typeof commentsQuerySchema>; response: Out<typeof commentPageSchema> };
  'GET /tasks/:id/contact': { response: Out<typeof followupContactSchema> };
  'GET /public/campaigns/:key/close-out': { response: Out<typeof publicCloseOutSchema> };
}

export type ApiRoute = keyof ApiRoutes;

/** The same operations as a list, for the test that holds it to the OpenAPI document (tree-shaken from the web). */
export const API_ROUTES = [
  'POST /auth/login',
  'POST /auth/logout',
  'GET /auth/me',
  'GET /auth/tokens',
  'POST /auth/tokens',
  'DELETE /auth/tokens/:id',
  'GET /users',
  'POST /users',
  'PATCH /users/:id',
  'GET /me/scope',
  'POST /users/:id/password',
  'POST /me/password',
  'GET /campaigns',
  'POST /campaigns/import',
  'POST /campaigns/validate',
  'GET /campaigns/:key',
  'GET /campaigns/:key/spec',
  'PATCH /campaigns/:key',
  'POST /campaigns/:key/status',
  'GET /campaign-drafts',
  'POST /campaign-drafts',
  'GET /campaign-drafts/:id',
  'PUT /campaign-drafts/:id',
  'DELETE /campaign-drafts/:id',
  'POST /campaign-drafts/:id/apply',
  'POST /campaign-drafts/units-xlsx',
  'GET /campaigns/:key/code-batches',
  'POST /campaigns/:key/code-batches',
  'GET /campaigns/:key/code-batches/:id',
  'POST /campaigns/:key/code-batches/:id/void',
  'POST /campaigns/:key/codes/void',
  'GET /vote/:code',
  'POST /vote/:code',
  'GET /settings',
  'GET /receipts/:receipt',
  'POST /receipts/:receipt/followup',
  'GET /campaigns/:key/ballots',
  'POST /campaigns/:key/ballots/review',
  'GET /campaigns/:key/ballots/groups',
  'POST /campaigns/:key/ballots/groups/:group/review',
  'GET /campaigns/:key/scores/:component',
  'PUT /campaigns/:key/scores/:component',
  'POST /campaigns/:key/scores/:component/csv',
  'GET /campaigns/:key/scores/:component/history/:unit',
  'GET /campaigns/:key/vetoes',
  'PUT /campaigns/:key/vetoes/:unit',
  'DELETE /campaigns/:key/vetoes/:unit',
  'GET /campaigns/:key/results',
  'POST /campaigns/:key/results/recompute',
  'POST /campaigns/:key/results/publish',
  'GET /public/campaigns',
  'GET /public/campaigns/:key/results',
  'GET /public/campaigns/:key/open-data.json',
  'GET /campaigns/:key/progress',
  'GET /series/:series/trend',
  'GET /audit',
  'GET /tasks',
  'POST /tasks',
  'POST /campaigns/:key/tasks/from-problems',
  'GET /tasks/:id',
  'POST /tasks/:id/answer',
  'POST /tasks/:id/verify',
  'POST /tasks/:id/public',
  'POST /tasks/:id/appeal',
  'POST /tasks/:id/appeal/decide',
  'GET /holidays',
  'PUT /holidays',
  'POST /attachments',
  'POST /inspections',
  'GET /inspections',
  'POST /inspections/:id/findings/:finding/task',
  'GET /campaigns/:key/accountability',
  'GET /campaigns/:key/escalation',
  'GET /campaigns/:key/units/:unit/report',
  'GET /campaigns/:key/comments',
  'GET /tasks/:id/contact',
  'GET /public/campaigns/:key/close-out',
] as const satisfies readonly ApiRoute[];
type Unlisted = Exclude<ApiRoute, (typeof API_ROUTES)[number]>;
/** Fails to compile when an operation of ApiRoutes is missing from API_ROUTES. */
export const API_ROUTES_COMPLETE: [Unlisted] extends [never] ? true : Unlisted = true;

/** The names of a path's parameters: "GET /campaigns/:key/units/:unit/report" → "key" | "unit". */
export type PathParamNames<S extends string> = S extends `${string}:${infer P}/${infer Rest}` ? P | PathParamNames<Rest> : S extends `${string}:${infer P}` ? P : never;

/** What a call of route K takes: its path parameters, query and body, each only where the route has them. */
export type ApiInput<K extends ApiRoute> = ([PathParamNames<K>] extends [never] ? {} : { params: Record<PathParamNames<K>, string | number> }) &
  (ApiRoutes[K] extends { query: infer Q } ? { query?: Q } : {}) &
  (ApiRoutes[K] extends { body: infer B } ? { body: B } : ApiRoutes[K] extends { body?: infer B } ? { body?: B } : {});

/** What route K answers. */
export type ApiResponse<K extends ApiRoute> = ApiRoutes[K]['response'];
