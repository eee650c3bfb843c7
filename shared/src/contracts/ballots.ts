import { z } from 'zod';
import { int4 } from './integers.js';
import { campaignKeyParamsSchema } from './campaigns.js';

export const REVIEW_STATES = ['none', 'flagged', 'cleared', 'voided'] as const;

/**
 * A flag group: the ballots flagged for one reason from one source, which the
 * office judges together (docs/spec.md, "Fraud rules"). `device-<12 hex>` (one
 * device), `burst-<12 hex>-<YYYYMMDDHHmm>` (one address in one UTC minute), or
 * the rule's name alone for the rules that look at a ballot on its own
 * (`too-fast`, `straight-lining`, `code-voided`). The hex is the start of the
 * device's or address's keyed hash: it tells ballots of one source together and
 * names no one.
 */
export const FLAG_GROUP_PATTERN = /^(?:device-[0-9a-f]{12}|burst-[0-9a-f]{12}-\d{12}|too-fast|straight-lining|code-voided)$/;
export const flagGroupIdSchema = z.string().max(40).regex(FLAG_GROUP_PATTERN, 'not a flag group');

/** How many characters of a receipt the review list shows: enough to match the receipt a voter reads out, too few to use it. */
export const RECEIPT_PREFIX_LENGTH = 4;

export const flaggedQuerySchema = z.object({
  review: z.enum(REVIEW_STATES).default('flagged'),
  /** Only ballots with this flag (device, burst, too-fast, straight-lining, code-voided). */
  flag: z.string().max(40).optional(),
  /** Only the ballots of this flag group. */
  group: flagGroupIdSchema.optional(),
  questionnaire: z.string().max(64).optional(),
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const flaggedBallotSchema = z.object({
  id: z.number(),
  /**
   * The first RECEIPT_PREFIX_LENGTH characters of the voter's receipt. Null for
   * a ballot with nothing to review (review "none"), and for one stored before
   * receipts were sealed.
   */
  receipt: z.string().nullable(),
  questionnaire: z.string(),
  group: z.string(),
  flags: z.array(z.string()),
  /** The flag groups the ballot is in, one per flag. */
  flagGroups: z.array(z.string()),
  review: z.enum(REVIEW_STATES),
  answeringMs: z.number(),
  /** How many units it rated. */
  ratings: z.number(),
  /**
   * What it answered, for a ballot under review (flagged, cleared or voided;
   * null for review "none": nothing to decide, and the export has every
   * ballot's answers): unit → option key, unit → problem keys. Never whether it
   * left a comment, nor the comment: comments are read apart, by a key no ballot shows.
   */
  answers: z.object({ ratings: z.record(z.string(), z.string()), problems: z.record(z.string(), z.array(z.string())) }).nullable(),
  submittedAt: z.string(),
  reviewedAt: z.string().nullable(),
});
export const flaggedPageSchema = z.object({ ballots: z.array(flaggedBallotSchema), next: z.number().nullable(), total: z.number() });

export const flagGroupsQuerySchema = z.object({
  /** Groups with at least one ballot in this review state (default: flagged, i.e. still to review). */
  review: z.enum(REVIEW_STATES).default('flagged'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const flagGroupSchema = z.object({
  id: z.string(),
  rule: z.string(),
  /** Ballots of the group by review state. */
  flagged: z.number(),
  cleared: z.number(),
  voided: z.number(),
  /** Of its ballots still to review, how many also carry another flag (clearing the group clears them too). */
  alsoFlaggedOtherwise: z.number(),
  first: z.string(),
  last: z.string(),
});
export const flagGroupListSchema = z.object({ groups: z.array(flagGroupSchema), total: z.number() });

export const reviewBodySchema = z.strictObject({
  action: z.enum(['clear', 'void']),
  ids: z.array(z.number().int().positive()).min(1).max(5000),
});
export const reviewResultSchema = z.object({ changed: z.number() });

export const flagGroupParamsSchema = campaignKeyParamsSchema.extend({ group: flagGroupIdSchema });
export const groupReviewBodySchema = z.strictObject({
  action: z.enum(['clear', 'void']),
  /**
   * How many of the group's ballots were waiting for review when the office
   * looked (the list's `flagged`). A group such as "too-fast" grows as ballots
   * come in: if it holds another number now, 409 FLAG_GROUP_CHANGED, and no
   * ballot nobody saw is cleared or voided.
   */
  expected: int4(),
  /** Why: kept in the audit log with the group. */
  reason: z.string().trim().min(1).max(500),
});
export const groupReviewResultSchema = z.object({
  group: z.string(),
  /** Ballots whose review changed now (0 when the same action is sent again). */
  changed: z.number(),
  /** Ballots of the group already reviewed, left as they were. */
  skipped: z.number(),
});
