import { z } from 'zod';
import { KEY_PATTERN } from '../spec.js';

/**
 * The problems a row of a scores CSV upload can have (422 CSV_INVALID's
 * details; docs/spec.md), and the last entry of a list cut short. Never rename one.
 */
export const CSV_ROW_ISSUE_CODES = ['CSV_SCORE_INVALID', 'CSV_UNIT_MISSING', 'CSV_UNIT_UNKNOWN', 'CSV_UNIT_TWICE', 'CSV_MORE_PROBLEMS'] as const;
export type CsvRowIssueCode = (typeof CSV_ROW_ISSUE_CODES)[number];

/** A score 0–100 with at most 4 decimals, as a number or a decimal string. */
export const scoreValueSchema = z
  .union([z.number(), z.string().trim()])
  .transform((v) => (typeof v === 'number' ? String(v) : v))
  .pipe(z.string().regex(/^\d{1,3}(\.\d{1,4})?$/, 'a score is 0–100 with at most 4 decimals'))
  .refine((v) => Number(v) <= 100, 'a score is at most 100');

export const componentParamsSchema = z.object({ key: z.string().regex(KEY_PATTERN), component: z.string().regex(KEY_PATTERN) });
export const unitParamsSchema = z.object({ key: z.string().regex(KEY_PATTERN), unit: z.string().regex(KEY_PATTERN) });

export const enterScoresBodySchema = z.strictObject({
  scores: z.array(z.strictObject({ unit: z.string().regex(KEY_PATTERN), score: scoreValueSchema, note: z.string().max(500).optional() })).min(1).max(5000),
});

export const enteredScoreRowSchema = z.object({
  unit: z.string(),
  unitName: z.string(),
  score: z.string().nullable(),
  enteredAt: z.string().nullable(),
  enteredBy: z.string().nullable(),
  entries: z.number(),
});
export const scoreHistorySchema = z.array(
  z.object({ score: z.string(), note: z.string().nullable(), source: z.string(), enteredAt: z.string(), enteredBy: z.string().nullable() }),
);

export const csvPreviewSchema = z.object({
  applied: z.boolean(),
  changes: z.array(z.object({ unit: z.string(), unitName: z.string(), from: z.string().nullable(), to: z.string() })),
  unchanged: z.number(),
});
export const csvQuerySchema = z.object({ dryRun: z.enum(['true', 'false']).default('false').transform((v) => v === 'true') });

export const vetoBodySchema = z.strictObject({ reason: z.string().trim().min(1).max(1000) });
export const vetoSchema = z.object({ unit: z.string(), reason: z.string(), setAt: z.string(), setBy: z.string().nullable() });

export const historyParamsSchema = componentParamsSchema.extend({ unit: z.string().regex(KEY_PATTERN) });

/** The body of a CSV upload: `unit,score[,note]` lines, sent as text/csv. */
export const scoresCsvBodySchema = z.string();
