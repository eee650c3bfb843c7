import { z } from 'zod';

export const REVIEW_STATES = ['none', 'flagged', 'cleared', 'voided'] as const;

export const flaggedQuerySchema = z.object({
  review: z.enum(REVIEW_STATES).default('flagged'),
  /** Only ballots with this flag (device, burst, too-fast, straight-lining, code-voided). */
  flag: z.string().max(40).optional(),
  questionnaire: z.string().max(64).optional(),
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const flaggedBallotSchema = z.object({
  id: z.number(),
  questionnaire: z.string(),
  group: z.string(),
  flags: z.array(z.string()),
  review: z.enum(REVIEW_STATES),
  answeringMs: z.number(),
  ratings: z.number(),
  submittedAt: z.string(),
  reviewedAt: z.string().nullable(),
});
export const flaggedPageSchema = z.object({ ballots: z.array(flaggedBallotSchema), next: z.number().nullable(), total: z.number() });

export const reviewBodySchema = z.strictObject({
  action: z.enum(['clear', 'void']),
  ids: z.array(z.number().int().positive()).min(1).max(5000),
});
export const reviewResultSchema = z.object({ changed: z.number() });
