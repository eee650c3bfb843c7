// What happens after the scores: the office's overview, the escalation list,
// a unit's report, the comments to act on, and the public close-out.
// Key order is the order the server writes (a response schema sets it).
import { z } from 'zod';
import { KEY_PATTERN } from '../spec.js';
import { unitResultSchema } from '../scoring/types.js';
import { TASK_STATUSES, taskSchema } from './tasks.js';
import { codedTextSchema } from './coded-text.js';
import { stored } from './stored.js';
import { CSV, jsonOrFileResponse } from './files.js';

export const ESCALATION_STEPS = ['public-criticism', 'talk-with-head', 'leadership-review'] as const;
export type EscalationStep = (typeof ESCALATION_STEPS)[number];

export const unitReportParamsSchema = z.object({ key: z.string().regex(KEY_PATTERN), unit: z.string().regex(KEY_PATTERN) });
export const escalationQuerySchema = z.object({
  format: z.enum(['json', 'csv']).default('json'),
  /** The CSV's language, as the rankings export: Chinese (the office's) unless asked. */
  lang: z.enum(['zh-CN', 'en']).default('zh-CN'),
});
export const commentsQuerySchema = z.object({ after: z.string().regex(/^[0-9a-f]{0,24}$/).default(''), limit: z.coerce.number().int().min(1).max(500).default(100) });

/** The tally of a set of tasks. */
export const taskTallySchema = z.object({
  total: z.number(),
  open: z.number(),
  answered: z.number(),
  closed: z.number(),
  closedOnTime: z.number(),
  closedLate: z.number(),
  withdrawn: z.number(),
  overdue: z.number(),
  /** Percent, one decimal; null with no tasks. */
  closingRate: z.number().nullable(),
  averageDaysToClose: z.number().nullable(),
});
export type TaskTally = z.infer<typeof taskTallySchema>;

export const accountabilityOverviewSchema = z.object({
  campaign: z.string(),
  totals: taskTallySchema.extend({ visits: z.number(), unitsVisited: z.number(), places: z.number(), phoneLines: z.number(), findings: z.number() }),
  units: z.array(
    z.object({
      unit: z.string(),
      unitName: z.string(),
      category: z.string(),
      tasks: taskTallySchema,
      inspections: z.object({ visits: z.number(), places: z.number(), phone: z.number(), undercover: z.number(), findings: z.number() }),
    }),
  ),
});
export type AccountabilityOverview = z.infer<typeof accountabilityOverviewSchema>;

export const escalationEntrySchema = z.object({
  unit: z.string(),
  unitName: z.string(),
  category: z.string(),
  categoryName: z.string(),
  rank: z.number().nullable(),
  composite: z.string().nullable(),
  vetoed: z.boolean(),
  consecutiveBottom: z.number(),
  step: z.enum(ESCALATION_STEPS),
});
export type EscalationEntry = z.infer<typeof escalationEntrySchema>;

export const unitReportSchema = z.object({
  campaign: z.object({ key: z.string(), name: z.string(), status: z.string() }),
  unit: z.object({ key: z.string(), name: z.string() }),
  published: z.object({ version: z.number(), publishedAt: z.string() }).nullable(),
  /** As computed (the published snapshot, or for the office the latest computation). */
  result: stored(unitResultSchema).nullable(),
  escalation: z.enum(ESCALATION_STEPS).nullable(),
  whatToFix: z.array(z.object({ problem: z.string(), label: z.string(), share: z.string().nullable() })),
  tasks: z.array(taskSchema),
  summary: taskTallySchema,
});
export type UnitReport = z.infer<typeof unitReportSchema>;

export const commentPageSchema = z.object({
  comments: z.array(
    z.object({
      /** A keyed hash, not the ballot id: it joins to no row of the ballots export. */
      key: z.string(),
      questionnaire: z.string(),
      group: z.string(),
      comment: z.string(),
      hasContact: z.boolean(),
      taskIds: z.array(z.number()),
    }),
  ),
  next: z.string().nullable(),
});
export type CommentPage = z.infer<typeof commentPageSchema>;
export type BallotComment = CommentPage['comments'][number];

export const followupContactSchema = z.object({ phone: z.string(), consent: z.string() });
export type FollowupContact = z.infer<typeof followupContactSchema>;

export const publicCloseOutSchema = z.object({
  campaign: z.string(),
  units: z.array(
    z.object({
      unit: z.string(),
      unitName: z.string(),
      opened: z.number(),
      closedOnTime: z.number(),
      closedLate: z.number(),
      stillOpen: z.number(),
      publicTasks: z.array(z.object({ title: z.string(), description: z.string().nullable(), descriptionCode: codedTextSchema.nullable(), status: z.enum(TASK_STATUSES), deadline: z.string(), closedAt: z.string().nullable() })),
    }),
  ),
});
export type PublicCloseOut = z.infer<typeof publicCloseOutSchema>;

/** GET /campaigns/:key/escalation: the list, or with ?format=csv the same as a spreadsheet. */
export const escalationResponse = jsonOrFileResponse('The units in the bottom set; a CSV file with ?format=csv.', z.array(escalationEntrySchema), CSV);
