import { z } from 'zod';
import { rowId, rowIdParam } from './integers.js';
import { KEY_PATTERN } from '../spec.js';

const key = z.string().regex(KEY_PATTERN);
export const INSPECTION_KINDS = ['open', 'undercover', 'phone'] as const;

export const createInspectionBodySchema = z.strictObject({
  campaign: key,
  unit: key,
  /** The window, phone line or project visited. */
  place: z.string().trim().max(200).optional(),
  visitedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  kind: z.enum(INSPECTION_KINDS),
  summary: z.string().trim().max(5000).optional(),
  findings: z
    .array(z.strictObject({ problem: key.optional(), description: z.string().trim().min(1).max(5000), photoIds: z.array(rowId()).max(20).default([]) }))
    .max(50)
    .default([]),
});

export const inspectionSchema = z.object({
  id: z.number(),
  campaign: z.string(),
  unit: z.string(),
  unitName: z.string(),
  place: z.string().nullable(),
  visitedOn: z.string(),
  kind: z.enum(INSPECTION_KINDS),
  summary: z.string().nullable(),
  inspector: z.string(),
  findings: z.array(z.object({ id: z.number(), problem: z.string().nullable(), description: z.string(), photoIds: z.array(z.number()), taskId: z.number().nullable() })),
  createdAt: z.string(),
});

export const inspectionQuerySchema = z.object({ campaign: key, unit: key.optional() });
export const findingTaskBodySchema = z.strictObject({
  title: z.string().trim().min(1).max(200).optional(),
  deadline: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  workingDays: z.number().int().min(1).max(365).optional(),
  isPublic: z.boolean().default(false),
});

export const findingParamsSchema = z.object({ id: rowIdParam(), finding: rowIdParam() });
