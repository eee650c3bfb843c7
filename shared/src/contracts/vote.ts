// The voter's side of the wire: public, no login.
import { z } from 'zod';
import { KEY_PATTERN } from '../spec.js';

const key = z.string().regex(KEY_PATTERN);

export const codeParamsSchema = z.object({ code: z.string().min(1).max(40) });
export const receiptParamsSchema = z.object({ receipt: z.string().min(1).max(40) });

export const questionnaireViewSchema = z.object({
  campaign: z.object({
    key: z.string(),
    name: z.string(),
    theme: z.string(),
    year: z.number(),
    status: z.string(),
  }),
  questionnaire: z.object({
    key: z.string(),
    title: z.string(),
    intro: z.string().nullable(),
    problems: z.boolean(),
    comment: z.boolean(),
  }),
  group: z.object({ key: z.string(), name: z.string() }),
  scale: z.array(z.object({ key: z.string(), label: z.string(), points: z.number().nullable() })),
  categories: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      units: z.array(z.object({ key: z.string(), name: z.string() })),
    }),
  ),
  problems: z.array(z.object({ key: z.string(), label: z.string() })),
  maxCommentLength: z.number(),
});
export type QuestionnaireView = z.infer<typeof questionnaireViewSchema>;

export const MAX_COMMENT_LENGTH = 2000;

export const ballotSubmissionSchema = z.strictObject({
  /** unit key → option key of the questionnaire's scale; units left out were skipped. */
  ratings: z.record(key, key),
  /** unit key → problem keys ticked for that unit. */
  problems: z.record(key, z.array(key).max(50)).optional(),
  comment: z.string().max(MAX_COMMENT_LENGTH).optional(),
  /** Milliseconds from opening the questionnaire to submitting it, measured by the page. */
  answeringMs: z.number().int().min(0).max(7 * 24 * 3600 * 1000),
  /** A random id the page keeps in local storage; stored only as a keyed hash. */
  deviceId: z.string().min(8).max(100).optional(),
});
export type BallotSubmission = z.infer<typeof ballotSubmissionSchema>;

export const ballotAcceptedSchema = z.object({
  status: z.literal('accepted'),
  receipt: z.string(),
  submittedAt: z.string(),
});
export type BallotAccepted = z.infer<typeof ballotAcceptedSchema>;

export const RECEIPT_STATES = ['pending', 'counted', 'flagged', 'voided'] as const;
export const receiptViewSchema = z.object({
  receipt: z.string(),
  state: z.enum(RECEIPT_STATES),
  campaign: z.object({ key: z.string(), name: z.string() }),
  submittedAt: z.string(),
});
export type ReceiptView = z.infer<typeof receiptViewSchema>;

/** Public settings the pages need: the address in vote links (PUBLIC_URL), null when none is configured. */
export const settingsSchema = z.object({ publicUrl: z.string().nullable() });
export const followupLeftSchema = z.object({ ok: z.literal(true) });

/** A retry of the same submit carries the same key and gets the same answer. */
export const ballotHeadersSchema = z.object({ 'idempotency-key': z.string().min(8).max(100).optional() });
