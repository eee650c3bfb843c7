// What the results endpoints answer. Type-only imports: the contracts' zod
// schemas stay on the server (the result bodies are sent as stored JSON).
import type { CampaignResult, ScoringInput } from '@minping/shared/scoring/types';
import type { CampaignStatus } from '@minping/shared/contracts/campaigns';
import type { trendSchema } from '@minping/shared/contracts/progress';
import type { z } from 'zod';

export type { CampaignResult, CategoryResult, ComponentResult, UnitResult, Warning, InsufficientReason, OptionShare, ProblemTally } from '@minping/shared/scoring/types';
export type { CampaignSpec } from '@minping/shared/spec';
export type { CampaignSummary } from '@minping/shared/contracts/campaigns';

/** GET /series/:series/trend[?unit=]: composite and rank of each unit across the series. */
export type Trend = z.infer<typeof trendSchema>;

/** GET /campaigns/:key/results (admin or evaluator): the latest computed results. */
export interface BoardResults {
  campaign: { key: string; name: string; status: CampaignStatus };
  computedAt: string;
  ballotsCounted: number;
  result: CampaignResult;
}

/** GET /public/campaigns: one row per campaign with published results, newest first. */
export interface PublishedCampaign {
  key: string;
  name: string;
  theme: string;
  year: number;
  series: string;
  version: number;
  publishedAt: string;
}

/** GET /public/campaigns/:key/results[?version=]. */
export interface PublicResults {
  campaign: { key: string; name: string; theme: string; year: number; series: string };
  version: number;
  publishedAt: string;
  versions: { version: number; publishedAt: string }[];
  result: CampaignResult;
}

/** GET /public/campaigns/:key/open-data.json[?version=]: the inputs the published result was computed from. */
export interface OpenData {
  campaign: string;
  version: number;
  publishedAt: string;
  inputs: ScoringInput;
}
