// What scoring takes and what it gives back. The result is plain JSON (it is
// what the results API sends and the report export writes), so it is a zod
// schema: the server can validate its response and generate OpenAPI from it,
// and the web types itself from the same definition. Figures that must be
// exact (scores, composites, shares) are fixed-decimal strings, never floats.
import { z } from 'zod';
import type { CampaignSpec } from '../spec.js';

/** How many times `option` was chosen for `unit` in valid ballots of `questionnaire` from `group`. */
export interface RatingCount {
  questionnaire: string;
  unit: string;
  group: string;
  option: string;
  count: number;
}

/** How many valid ballots of `questionnaire` from `group` ticked `problem` for `unit`. */
export interface ProblemCount {
  questionnaire: string;
  unit: string;
  group: string;
  problem: string;
  count: number;
}

/** Valid ballots of `questionnaire` that showed `unit`: the denominator of problem shares. */
export interface BallotCount {
  questionnaire: string;
  unit: string;
  count: number;
}

/** The latest score an admin entered for an entered component, as a decimal string 0–100. */
export interface EnteredScore {
  component: string;
  unit: string;
  score: string;
}

export interface Veto {
  unit: string;
  reason: string;
}

export interface ScoringInput {
  spec: CampaignSpec;
  /** Counts of ratings in valid ballots only (the caller has already filtered). */
  ratingCounts: RatingCount[];
  problemCounts?: ProblemCount[];
  ballotCounts?: BallotCount[];
  entered: EnteredScore[];
  vetoes: Veto[];
  /** Unit key → consecutive-bottom count in the previous campaign of the series; missing = 0. */
  previousConsecutiveBottom?: Record<string, number>;
}

/** Thrown when the input refers to something the spec does not define, or a count is not a count. */
export class ScoringInputError extends Error {
  override name = 'ScoringInputError';
}

const decimal = z.string().regex(/^-?\d+(\.\d+)?$/);

export const warningSchema = z.enum(['red', 'yellow', 'green']);
export type Warning = z.infer<typeof warningSchema>;

export const optionShareSchema = z.object({
  option: z.string(),
  label: z.string(),
  count: z.number().int(),
  /** Percentage of the answers that have points; null for 不了解 and when nobody answered with points. */
  share: decimal.nullable(),
});

export const groupMeanSchema = z.object({
  group: z.string(),
  /** Ratings with points from this group. */
  ratings: z.number().int(),
  mean: decimal.nullable(),
});

export const componentResultSchema = z.object({
  key: z.string(),
  name: z.string(),
  source: z.enum(['entered', 'ballots']),
  weight: z.number(),
  /** Rounded to `decimals`; null when there is nothing to score (no ratings with points, or no entered score). */
  score: decimal.nullable(),
  /** Σ n_g for ballot components; null for entered ones. */
  ratings: z.number().int().nullable(),
  distribution: z.array(optionShareSchema).optional(),
  byGroup: z.array(groupMeanSchema).optional(),
});

export const insufficientReasonSchema = z.object({
  component: z.string(),
  reason: z.enum(['too-few-ratings', 'score-missing']),
  ratings: z.number().int().optional(),
  required: z.number().int().optional(),
});

export const problemTallySchema = z.object({
  problem: z.string(),
  label: z.string(),
  count: z.number().int(),
  /** Percentage of the unit's valid ballots (of questionnaires with problems) that ticked it. */
  share: decimal.nullable(),
});

export const unitResultSchema = z.object({
  key: z.string(),
  name: z.string(),
  category: z.string(),
  composite: decimal.nullable(),
  components: z.array(componentResultSchema),
  rank: z.number().int().nullable(),
  warning: warningSchema.nullable(),
  vetoed: z.boolean(),
  vetoReason: z.string().nullable(),
  insufficientReasons: z.array(insufficientReasonSchema),
  inTop: z.boolean(),
  inBottom: z.boolean(),
  consecutiveBottom: z.number().int(),
  topProblems: z.array(problemTallySchema),
});

export const categoryResultSchema = z.object({
  key: z.string(),
  name: z.string(),
  top: z.number().int(),
  bottom: z.number().int(),
  /** Unit keys in rank order, vetoed units last. */
  ranked: z.array(z.string()),
  /** Unit keys with no composite, by key. */
  insufficient: z.array(z.string()),
  topUnits: z.array(z.string()),
  bottomUnits: z.array(z.string()),
});

export const campaignResultSchema = z.object({
  decimals: z.number().int(),
  categories: z.array(categoryResultSchema),
  units: z.array(unitResultSchema),
});

export type OptionShare = z.infer<typeof optionShareSchema>;
export type GroupMean = z.infer<typeof groupMeanSchema>;
export type ComponentResult = z.infer<typeof componentResultSchema>;
export type InsufficientReason = z.infer<typeof insufficientReasonSchema>;
export type ProblemTally = z.infer<typeof problemTallySchema>;
export type UnitResult = z.infer<typeof unitResultSchema>;
export type CategoryResult = z.infer<typeof categoryResultSchema>;
export type CampaignResult = z.infer<typeof campaignResultSchema>;
