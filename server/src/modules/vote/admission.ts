// Whether a ballot may join a commit group, and what a failed group statement
// says about whose fault it was. Pure: the committer uses both.
import { ballotSubmissionSchema, type BallotSubmission } from '@minping/shared/contracts/vote';
import { findBadText, isCleanText } from '@minping/shared/text';
import { AppError, concurrentChange, sqlStateOf as sqlState } from '../../lib/errors.js';

// ---- what one ballot may not bring into a group ------------------------------
// Many ballots share one statement, so anything in one of them that the
// statement could choke on would fail them all: refuse it before it joins.

/**
 * The submission as the contract defines it (types, lengths, the answering
 * time's range), with only text PostgreSQL can store; else a 422. Checked
 * again here, below the route's own schema check, because the committer is
 * where one bad ballot would cost others theirs.
 */
export function admissible(s: { body: unknown; idempotencyKey?: string }): { body: BallotSubmission } | { refusal: AppError } {
  const parsed = ballotSubmissionSchema.safeParse(s.body);
  if (!parsed.success) {
    const details = parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.') || 'body', message: i.message }));
    return { refusal: new AppError(422, 'BALLOT_INVALID', 'The ballot does not have the expected form', details) };
  }
  // The same text rule as the boundary's (shared/src/text.ts), here for callers below it.
  const bad = findBadText(parsed.data, '')?.path.replace(/^\./, '') ?? (s.idempotencyKey !== undefined && !isCleanText(s.idempotencyKey) ? 'idempotencyKey' : null);
  if (bad) {
    return { refusal: new AppError(422, 'BALLOT_INVALID', 'The ballot holds text that cannot be stored', [{ path: bad, message: 'contains NUL or an unpaired surrogate' }]) };
  }
  return { body: parsed.data };
}

// ---- what a failed statement says ----------------------------------------------
/** Rolled back whole, for no fault of any ballot: a receipt collision (≈ never), a deadlock, a serialization failure. */
export const transient = concurrentChange;
/** The database cannot be reached or is shutting down: nobody's ballot is at fault. */
export const unreachable = (err: unknown) => {
  const code = sqlState(err);
  if (code) return code.startsWith('08') || code.startsWith('53') || code.startsWith('57');
  const sys = String((err as { code?: unknown } | null)?.code ?? '');
  return /^(ECONN|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)/.test(sys) || /connection|terminated|timeout/i.test(String((err as Error | null)?.message));
};
/** Something in the ballot's data: a data exception, an integrity or a size limit. */
export const dataFault = (err: unknown) => /^(22|23|54)/.test(sqlState(err) ?? '');
