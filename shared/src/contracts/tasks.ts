import { z } from 'zod';
import { rowId } from './integers.js';
import { KEY_PATTERN } from '../spec.js';
import { codedTextSchema } from './coded-text.js';

const key = z.string().regex(KEY_PATTERN);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const TASK_SOURCES = ['problem', 'comment', 'inspection', 'manual'] as const;
export const TASK_STATUSES = ['open', 'answered', 'returned', 'closed', 'withdrawn'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const taskEventSchema = z.object({
  at: z.string(),
  user: z.string().nullable(),
  action: z.string(),
  /** What a person wrote with the step. */
  note: z.string().nullable(),
  /** What the server noted on the step, as a code to word in the reader's language. */
  noteCode: codedTextSchema.nullable(),
  attachments: z.array(z.object({ id: z.number(), filename: z.string(), size: z.number() })),
});

export const taskSchema = z.object({
  id: z.number(),
  campaign: z.string(),
  unit: z.string(),
  unitName: z.string(),
  source: z.enum(TASK_SOURCES),
  sourceRef: z.string().nullable(),
  title: z.string(),
  /** The description as a person wrote it; null when the server wrote it (descriptionCode). */
  description: z.string().nullable(),
  /** A generated description (e.g. PROBLEM_SHARE) as a code with parameters, to word in the reader's language. */
  descriptionCode: codedTextSchema.nullable(),
  deadline: z.string(),
  status: z.enum(TASK_STATUSES),
  overdue: z.boolean(),
  isPublic: z.boolean(),
  needsFollowup: z.boolean(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  closedLate: z.boolean().nullable(),
  appeal: z.object({ id: z.number(), status: z.string(), reason: z.string(), decisionNote: z.string().nullable() }).nullable(),
});
export type TaskView = z.infer<typeof taskSchema>;
export const taskDetailSchema = taskSchema.extend({ events: z.array(taskEventSchema), followups: z.array(z.object({ reached: z.boolean(), satisfied: z.boolean().nullable(), note: z.string().nullable(), at: z.string() })) });

export const createTaskBodySchema = z.strictObject({
  campaign: key,
  unit: key,
  source: z.enum(['comment', 'manual']).default('manual'),
  /**
   * For source "comment": the comment's key, as listed by GET /campaigns/:key/comments.
   * Never a ballot id: a task (and a phone number left with its comment) must
   * not lead back to the ballot's ratings.
   */
  commentKey: z.string().regex(/^[0-9a-f]{24}$/).optional(),
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().min(1).max(5000),
  deadline: day.optional(),
  workingDays: z.number().int().min(1).max(365).optional(),
  isPublic: z.boolean().default(false),
});

export const taskListQuerySchema = z.object({
  campaign: key.optional(),
  unit: key.optional(),
  status: z.enum(TASK_STATUSES).optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

export const answerBodySchema = z.strictObject({ text: z.string().trim().min(1).max(5000), attachmentIds: z.array(rowId()).max(20).default([]) });
export const verifyBodySchema = z.strictObject({
  action: z.enum(['close', 'return']),
  note: z.string().trim().max(5000).optional(),
  followup: z.strictObject({ reached: z.boolean(), satisfied: z.boolean().nullable(), note: z.string().max(2000).optional() }).optional(),
});
export const publicBodySchema = z.strictObject({ isPublic: z.boolean() });
export const appealBodySchema = z.strictObject({ reason: z.string().trim().min(1).max(5000), attachmentIds: z.array(rowId()).max(20).default([]) });
export const decideAppealBodySchema = z.strictObject({ decision: z.enum(['upheld', 'dismissed']), note: z.string().trim().min(1).max(5000) });
export const fromProblemsBodySchema = z.strictObject({
  /** Share (0–1) of a unit's ballots ticking a problem at or above which a task is opened; default from the spec's rules or 0.2. */
  threshold: z.number().min(0.01).max(1).optional(),
  workingDays: z.number().int().min(1).max(365).optional(),
});

export const holidaySchema = z.object({ day, name: z.string(), workday: z.boolean() });
export const holidaysBodySchema = z.strictObject({ days: z.array(z.strictObject({ day, name: z.string().trim().min(1).max(100), workday: z.boolean().default(false) })).max(400) });

export const followupContactBodySchema = z.strictObject({
  phone: z.string().trim().regex(/^\+?[0-9][0-9 -]{5,19}$/, 'a phone number'),
  /** The voter ticked the consent line shown with the field. */
  consent: z.literal(true),
});

export const fromProblemsResultSchema = z.object({ created: z.number(), threshold: z.number() });
