import { z } from 'zod';
import { int4, rowIdParam } from './integers.js';
import { campaignResultSchema, type ScoringInput } from '../scoring/types.js';
import { CAMPAIGN_STATUSES } from './campaigns.js';
import { stored, storedObject } from './stored.js';

export const recomputeBodySchema = z.strictObject({
  /** tallies: from the running tallies (fast); ballots: rebuilt from every raw ballot. */
  from: z.enum(['tallies', 'ballots']).default('tallies'),
});
export const publishedSchema = z.object({ version: z.number() });
/**
 * Publishing while flagged ballots wait for review is refused (409
 * FLAGGED_UNREVIEWED, details.count) unless the body names that count: the
 * office saw how many it leaves out and chose to publish anyway.
 */
export const publishBodySchema = z.strictObject({ unreviewedFlagged: int4().optional() });
export const versionQuerySchema = z.object({ version: rowIdParam().optional() });

export const exportQuerySchema = z.object({
  format: z.enum(['csv', 'xlsx']).default('xlsx'),
  lang: z.enum(['zh-CN', 'en']).default('zh-CN'),
  category: z.string().max(64).optional(),
  /** A published version; without it, the latest computed results. */
  version: rowIdParam().optional(),
});

// ---- answers --------------------------------------------------------------
// The result bodies are read from the database as stored JSON (and mostly sent
// as ready bytes, see server/src/lib/encoded-cache.ts): `stored` documents their
// shape without touching them. Key order here is the order the server writes.

const publishedVersionSchema = z.object({ version: z.number(), publishedAt: z.string() });

/** GET /campaigns/:key/results (and the answer to a recompute): the latest computed results. */
export const currentResultsSchema = z.object({
  campaign: z.object({ key: z.string(), name: z.string(), status: z.enum(CAMPAIGN_STATUSES), series: z.string() }),
  published: z.array(publishedVersionSchema),
  computedAt: z.string(),
  ballotsCounted: z.number(),
  result: stored(campaignResultSchema),
});
export type CurrentResults = z.infer<typeof currentResultsSchema>;

/** GET /public/campaigns/:key/results[?version=]: a published snapshot. */
export const publicResultsSchema = z.object({
  campaign: z.object({ key: z.string(), name: z.string(), theme: z.string(), year: z.number(), series: z.string() }),
  version: z.number(),
  publishedAt: z.string(),
  versions: z.array(publishedVersionSchema),
  result: stored(campaignResultSchema),
});
export type PublicResults = z.infer<typeof publicResultsSchema>;

/** GET /public/campaigns: one row per campaign with published results, newest first. */
export const publishedCampaignSchema = z.object({
  key: z.string(),
  name: z.string(),
  theme: z.string(),
  year: z.number(),
  series: z.string(),
  version: z.number(),
  publishedAt: z.string(),
});
export type PublishedCampaign = z.infer<typeof publishedCampaignSchema>;

/** GET /public/campaigns/:key/open-data.json[?version=]: the inputs the published result was computed from. */
export const openDataSchema = z.object({
  campaign: z.string(),
  version: z.number(),
  publishedAt: z.string(),
  /** Per questionnaire, the groups that answer it and their weight there, as scoring applied them (its own groupWeights, else the campaign's groups[].weight). */
  groupWeights: z.array(z.object({ questionnaire: z.string(), groups: z.array(z.object({ group: z.string(), weight: z.number() })) })),
  inputs: storedObject('The scoring input as published: spec (without the fraud rules), ratingCounts, problemCounts, ballotCounts, entered, vetoes, previousConsecutiveBottom.'),
});
/** The open data, its inputs typed as what scoring takes (the server passes them on as stored). */
export type OpenData = Omit<z.infer<typeof openDataSchema>, 'inputs'> & { inputs: ScoringInput };
