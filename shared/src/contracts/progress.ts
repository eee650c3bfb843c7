import { z } from 'zod';
import { KEY_PATTERN } from '../spec.js';

export const progressSchema = z.object({
  campaign: z.string(),
  status: z.string(),
  ballots: z.number(),
  processed: z.number(),
  counted: z.number(),
  flagged: z.number(),
  voided: z.number(),
  codes: z.object({ issued: z.number(), used: z.number(), voided: z.number() }),
  /** Per questionnaire and group: ballots received, flagged, and codes issued (slips handed out). */
  byQuestionnaire: z.array(z.object({ questionnaire: z.string(), group: z.string(), ballots: z.number(), flagged: z.number(), codesIssued: z.number() })),
  /** Ballots per hour, Asia/Shanghai hours, last 48 hours with any ballots. */
  byHour: z.array(z.object({ hour: z.string(), ballots: z.number() })),
  queue: z.object({ waiting: z.number(), active: z.number(), delayed: z.number(), failed: z.number() }),
  resultsComputedAt: z.string().nullable(),
  at: z.string(),
});
export type Progress = z.infer<typeof progressSchema>;

export const trendQuerySchema = z.object({ unit: z.string().optional() });
export const trendSchema = z.object({
  series: z.string(),
  campaigns: z.array(z.object({ key: z.string(), name: z.string(), year: z.number(), firstPhaseStart: z.string(), published: z.boolean() })),
  units: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      points: z.array(z.object({ campaign: z.string(), composite: z.string().nullable(), rank: z.number().nullable(), warning: z.string().nullable(), inBottom: z.boolean(), consecutiveBottom: z.number() }).nullable()),
    }),
  ),
});

export const seriesParamsSchema = z.object({ series: z.string().regex(KEY_PATTERN) });
