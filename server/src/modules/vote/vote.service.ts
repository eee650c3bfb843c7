import { checkCode, checkReceipt, normalizeCode, type CodeCheck } from '@minping/shared/codes';
import type { BallotSubmission, QuestionnaireView, ReceiptView } from '@minping/shared/contracts/vote';
import type { Context } from '../../context.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { BallotCommitter } from './committer.js';
import { questionnaireView } from '@minping/shared/questionnaire-view';
import { voteRepo } from './vote.repo.js';
import { lockoutCache } from './lockout.cache.js';
import { sourceOf, type SourceKeys } from '../../plugins/rate-limit.js';

function codeProblem(check: CodeCheck, what: 'code' | 'receipt'): AppError | null {
  if (check === 'ok') return null;
  if (check === 'bad-check') {
    return new AppError(400, what === 'code' ? 'CODE_CHECK_FAILED' : 'RECEIPT_MALFORMED', `The ${what} has a typo: its check character does not match`);
  }
  return new AppError(400, what === 'code' ? 'CODE_MALFORMED' : 'RECEIPT_MALFORMED', `That is not a ${what}: wrong length or characters`);
}

/** Checked before any database work: a typo costs nothing but a message. */
export function requireWellFormedCode(code: string): string {
  const problem = codeProblem(checkCode(code), 'code');
  if (problem) throw problem;
  return normalizeCode(code);
}

// ---- lockout after repeated unknown codes ----------------------------------
// Guessing a code needs many tries that pass the check character; a source
// that collects INVALID_CODE_LIMIT unknown codes is locked out for a while.
// The lock is checked with the source's rate limit (voterLimit in
// plugins/rate-limit.ts), before the request's body is read.

/** How the rate limits and the lockout name a source in Redis: by its keyed hash (`source`: plugins/rate-limit.ts sourceOf). */
export const sourceKeys = (ctx: Context): SourceKeys => ({
  hash: (source) => ctx.secrets.hashAddress(0, source),
  lockKey: (sourceHash) => lockoutCache.lockKey(ctx.config.redisPrefix, sourceHash),
});

export async function noteUnknownCode(ctx: Context, address: string) {
  try {
    await lockoutCache.noteMiss(ctx.redis, ctx.config.redisPrefix, ctx.secrets.hashAddress(0, sourceOf(address)), ctx.config.lockoutMinutes * 60, ctx.config.invalidCodeLimit);
  } catch {
    // Redis down: no lockout bookkeeping, voting goes on.
  }
}

// ---- the questionnaire, the ballot and the receipt ------------------------

export async function openQuestionnaire(ctx: Context, rawCode: string, address: string): Promise<QuestionnaireView> {
  const code = requireWellFormedCode(rawCode);
  const [state] = await voteRepo.codeState(ctx.database, ctx.secrets.hashCode(code));
  if (!state) {
    await noteUnknownCode(ctx, address);
    throw notFound('CODE_UNKNOWN', 'No such code');
  }
  if (state.voided) throw new AppError(410, 'CODE_VOIDED', 'This code has been voided');
  if (state.used) throw new AppError(409, 'CODE_ALREADY_USED', 'This code has already been used');
  if (state.campaign_status !== 'open') throw new AppError(409, 'CAMPAIGN_NOT_OPEN', 'The appraisal is not open for voting');
  const spec = (await voteRepo.spec(ctx.database, state.campaign_id)).spec;
  const view = questionnaireView(spec, state.campaign_status, state.questionnaire_key, state.group_key);
  // A code's questionnaire is in its campaign's file: every file is checked on import.
  if (!view) throw new Error(`questionnaire ${state.questionnaire_key} is missing from its campaign's file`);
  return view;
}

export async function submitBallot(ctx: Context, committer: BallotCommitter, rawCode: string, body: BallotSubmission, address: string, idempotencyKey?: string) {
  const code = requireWellFormedCode(rawCode);
  try {
    const accepted = await committer.submit({ codeHash: ctx.secrets.hashCode(code), body, address, idempotencyKey });
    return { status: 'accepted' as const, receipt: accepted.receipt, submittedAt: accepted.submittedAt.toISOString() };
  } catch (err) {
    if (err instanceof AppError) {
      ctx.metrics.ballotsRejected.inc({ reason: err.code });
      if (err.code === 'CODE_UNKNOWN') await noteUnknownCode(ctx, address);
    }
    throw err;
  }
}

export async function checkReceiptState(ctx: Context, raw: string): Promise<ReceiptView> {
  const problem = codeProblem(checkReceipt(raw), 'receipt');
  if (problem) throw problem;
  const normalized = normalizeCode(raw);
  const [row] = await voteRepo.receipt(ctx.database, ctx.secrets.hashReceipt(normalized));
  if (!row) throw notFound('RECEIPT_UNKNOWN', 'No ballot has this receipt');
  const state = row.review === 'voided' ? 'voided' : !row.processed ? 'pending' : row.counted ? 'counted' : 'flagged';
  return { receipt: normalized, state, campaign: { key: row.key, name: row.name }, submittedAt: new Date(row.submitted_at).toISOString() };
}
