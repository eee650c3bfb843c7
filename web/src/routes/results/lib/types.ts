// What the results endpoints answer: the shared contracts' types (type-only
// imports: no zod code enters the bundle).
import type { ApiResponse } from '@minping/shared/contracts/routes';

export type { CampaignResult, CategoryResult, ComponentResult, UnitResult, Warning, InsufficientReason, OptionShare, ProblemTally } from '@minping/shared/scoring/types';
export type { CampaignSpec } from '@minping/shared/spec';
export type { CampaignSummary } from '@minping/shared/contracts/campaigns';
export type { CurrentResults, OpenData, PublicResults, PublishedCampaign } from '@minping/shared/contracts/results';

/** GET /series/:series/trend[?unit=]: composite and rank of each unit across the series. */
export type Trend = ApiResponse<'GET /series/:series/trend'>;
