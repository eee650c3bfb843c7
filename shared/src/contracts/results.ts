import { z } from 'zod';

export const recomputeBodySchema = z.strictObject({
  /** tallies: from the running tallies (fast); ballots: rebuilt from every raw ballot. */
  from: z.enum(['tallies', 'ballots']).default('tallies'),
});
export const publishedSchema = z.object({ version: z.number() });
export const versionQuerySchema = z.object({ version: z.coerce.number().int().positive().optional() });

export const exportQuerySchema = z.object({
  format: z.enum(['csv', 'xlsx']).default('xlsx'),
  lang: z.enum(['zh-CN', 'en']).default('zh-CN'),
  category: z.string().max(64).optional(),
  /** A published version; without it, the latest computed results. */
  version: z.coerce.number().int().positive().optional(),
});
