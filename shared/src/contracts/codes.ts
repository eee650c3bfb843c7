import { z } from 'zod';
import { INT4_MAX, rowIdParam } from './integers.js';
import { KEY_PATTERN } from '../spec.js';

export const MAX_BATCH_SIZE = 1_000_000;

export const createBatchBodySchema = z.strictObject({
  questionnaire: z.string().regex(KEY_PATTERN),
  group: z.string().regex(KEY_PATTERN),
  size: z.number().int().min(1).max(MAX_BATCH_SIZE),
  label: z.string().trim().max(200).optional(),
});

export const codeBatchSchema = z.object({
  id: z.number(),
  campaignKey: z.string(),
  questionnaire: z.string(),
  group: z.string(),
  label: z.string(),
  size: z.number(),
  generated: z.number(),
  status: z.enum(['generating', 'ready']),
  used: z.number(),
  voided: z.number(),
  /** Codes still to hand out: neither used nor voided (0 for a voided batch). */
  unused: z.number(),
  createdAt: z.string(),
  voidedAt: z.string().nullable(),
  voidReason: z.string().nullable(),
});
export type CodeBatch = z.infer<typeof codeBatchSchema>;

export const batchParamsSchema = z.object({ id: rowIdParam() });
export const voidBodySchema = z.strictObject({ reason: z.string().trim().min(1).max(500) });
export const voidCodeBodySchema = z.strictObject({ code: z.string().min(1).max(40), reason: z.string().trim().min(1).max(500) });
export const voidResultSchema = z.object({ codesVoided: z.number(), ballotsVoided: z.number() });
export const sheetQuerySchema = z.object({
  offset: z.coerce.number().int().min(0).max(INT4_MAX).default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(480),
});

/** A batch of a campaign: /campaigns/:key/code-batches/:id. */
export const campaignBatchParamsSchema = z.object({ key: z.string().regex(KEY_PATTERN) }).extend(batchParamsSchema.shape);
