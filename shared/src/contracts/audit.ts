import { z } from 'zod';
import { KEY_PATTERN } from '../spec.js';

export const auditQuerySchema = z.object({
  campaign: z.string().regex(KEY_PATTERN).optional(),
  action: z.string().max(60).optional(),
  /** Entries older than this id (the page before). */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const auditEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  user: z.string().nullable(),
  action: z.string(),
  campaign: z.string().nullable(),
  target: z.string().nullable(),
  detail: z.unknown(),
});
export const auditPageSchema = z.object({ entries: z.array(auditEntrySchema), next: z.number().nullable() });
