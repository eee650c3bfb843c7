// Types of the answers the console reads, inferred from the shared zod
// contracts (type-only imports: no zod code enters the bundle for these).
import type { z } from 'zod';
import type { auditPageSchema } from '@minping/shared/contracts/audit';
import type { flaggedPageSchema, reviewResultSchema } from '@minping/shared/contracts/ballots';
import type { voidResultSchema } from '@minping/shared/contracts/codes';
import type { publishedSchema } from '@minping/shared/contracts/results';
import type { csvPreviewSchema, enteredScoreRowSchema, scoreHistorySchema, vetoSchema } from '@minping/shared/contracts/scores';

export type FlaggedPage = z.infer<typeof flaggedPageSchema>;
export type FlaggedBallot = FlaggedPage['ballots'][number];
export type ReviewResult = z.infer<typeof reviewResultSchema>;
export type VoidResult = z.infer<typeof voidResultSchema>;
export type Published = z.infer<typeof publishedSchema>;
export type EnteredScoreRow = z.infer<typeof enteredScoreRowSchema>;
export type ScoreHistory = z.infer<typeof scoreHistorySchema>;
export type CsvPreview = z.infer<typeof csvPreviewSchema>;
export type Veto = z.infer<typeof vetoSchema>;
export type AuditPage = z.infer<typeof auditPageSchema>;
export type AuditEntry = AuditPage['entries'][number];

export type { CurrentResults, PublicResults } from '@minping/shared/contracts/results';
