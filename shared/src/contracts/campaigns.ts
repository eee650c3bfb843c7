import { z } from 'zod';
import { KEY_PATTERN, campaignSpecSchema } from '../spec.js';

export const CAMPAIGN_STATUSES = ['draft', 'open', 'closed', 'published'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** Which status an admin may move a campaign to from each status. */
export const STATUS_TRANSITIONS: Record<CampaignStatus, CampaignStatus[]> = {
  draft: ['open'],
  open: ['closed'],
  closed: ['open'], // publishing is its own action: it takes a snapshot
  published: ['closed'], // withdraw to correct; the published versions stay on record
};

export const campaignKeyParamsSchema = z.object({ key: z.string().regex(KEY_PATTERN) });

export const campaignSummarySchema = z.object({
  id: z.number(),
  key: z.string(),
  series: z.string(),
  name: z.string(),
  theme: z.string(),
  year: z.number(),
  status: z.enum(CAMPAIGN_STATUSES),
  phases: z.array(z.object({ key: z.string(), name: z.string(), start: z.string(), end: z.string(), current: z.boolean() })),
  firstPhaseStart: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  ballots: z.number(),
  frozen: z.boolean(),
});
export type CampaignSummary = z.infer<typeof campaignSummarySchema>;

export const importResultSchema = z.object({ created: z.boolean(), campaign: campaignSummarySchema });

export const statusBodySchema = z.strictObject({ status: z.enum(CAMPAIGN_STATUSES) });

export const campaignTextsBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  theme: z.string().max(500).optional(),
});

/**
 * The body of an import or a check: a campaign file. Taken as any JSON (the
 * spec validator reports every problem at once, each with its path, a stable
 * code and its parameters (../spec-issues.ts), as 422 SPEC_INVALID, rather
 * than the route's 400); the document shows the file's schema.
 */
export const campaignFileBodySchema = z.unknown().meta({
  ...(({ $schema: _, ...shape }) => shape)(z.toJSONSchema(campaignSpecSchema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' })),
  description: 'A campaign file (specVersion 1), as exported by GET /campaigns/{key}/spec.',
});

export const specValidSchema = z.object({ ok: z.literal(true) });
