// Scoring: pure functions from a campaign spec and its valid-ballot counts to
// the published results. No I/O; the server gathers the counts.
export { Fraction, roundHalfUp } from './fraction.js';
export { computeCampaignResult } from './score.js';
export { placeCategory, warningFor } from './ranking.js';
export type { CategoryPlacement, RankEntry } from './ranking.js';
export * from './types.js';
