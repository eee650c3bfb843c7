// Submitting a ballot on a phone that may lose the network at any moment:
// keep the answers, retry by itself (on `online` and with backoff), and never
// count twice — the one-time code already guarantees the server keeps at most
// one ballot, so this side only has to read a 409 after a lost answer right.
import type { BallotAccepted, BallotSubmission, QuestionnaireView } from '@minping/shared/contracts/vote';
import { ApiError } from '../../../lib/api';
import { fitDraft, type Draft } from './draft';
import { knows } from './progress';

export const MAX_ANSWERING_MS = 7 * 24 * 3600 * 1000;
const MAX_DELAY_MS = 60_000;
const MAX_SERVER_DELAY_MS = 5 * 60_000;

export function buildSubmission(draft: Draft, view: QuestionnaireView, now: number, deviceId?: string): BallotSubmission {
  const fitted = fitDraft(draft, view);
  const answeringMs = Math.min(MAX_ANSWERING_MS, Math.max(0, Math.round(now - draft.startedAt)));
  const body: BallotSubmission = { ratings: fitted.ratings, answeringMs };
  if (deviceId) body.deviceId = deviceId;
  // Problems only for units rated with points: the checklist shows only then (not for 不了解).
  const problems = Object.fromEntries(
    Object.entries(fitted.problems).filter(([unit, keys]) => knows(view, fitted.ratings[unit]) && keys.length),
  );
  if (Object.keys(problems).length) body.problems = problems;
  const comment = fitted.comment.trim();
  if (comment) body.comment = comment;
  return body;
}

/** The request may have reached the server and been stored: no answer, or a server-side failure. */
export function isUncertain(err: ApiError): boolean {
  return err.isNetwork || err.status >= 500;
}

/** Worth trying the same ballot again later without the voter changing anything. */
export function isRetryable(err: ApiError): boolean {
  return isUncertain(err) || err.status === 429 || err.status === 408;
}

/** 2 s, 4 s, 8 s … up to a minute; jitter keeps a crowd that lost Wi-Fi together from returning together. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_MS, 2000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.5 + random() * 0.5));
}

export function retryDelay(err: ApiError, attempt: number, random: () => number = Math.random): number {
  const own = backoffMs(attempt, random);
  return err.retryAfterMs === undefined ? own : Math.min(MAX_SERVER_DELAY_MS, Math.max(own, err.retryAfterMs));
}

export type WaitReason = 'offline' | 'network' | 'server' | 'busy';

export type SubmitState =
  | { phase: 'idle' }
  | { phase: 'sending'; attempt: number }
  | { phase: 'waiting'; attempt: number; reason: WaitReason; retryAt: number; error: ApiError | null }
  | { phase: 'accepted'; receipt: string; submittedAt: string }
  | { phase: 'probablyAccepted' }
  | { phase: 'failed'; error: ApiError };

/** What one failed attempt leads to. */
export function afterFailure(
  err: ApiError,
  ctx: { uncertain: boolean; online: boolean },
): { next: 'probablyAccepted' } | { next: 'retry'; reason: WaitReason } | { next: 'failed' } {
  // Our earlier attempt may have been stored; the code is now used — most likely by us.
  if (err.code === 'CODE_ALREADY_USED' && ctx.uncertain) return { next: 'probablyAccepted' };
  if (!isRetryable(err)) return { next: 'failed' };
  if (err.isNetwork) return { next: 'retry', reason: ctx.online ? 'network' : 'offline' };
  return { next: 'retry', reason: err.status === 429 ? 'busy' : 'server' };
}

export interface SubmitDeps {
  send: () => Promise<BallotAccepted>;
  onChange: (state: SubmitState) => void;
  /** Persist "a submit went unanswered" so a reload still reads a later 409 right. */
  onUncertain: () => void;
  uncertain?: boolean;
  isOnline?: () => boolean;
  onOnline?: (cb: () => void) => () => void;
  setTimer?: (cb: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  now?: () => number;
  random?: () => number;
}

export class Submitter {
  state: SubmitState = { phase: 'idle' };
  private attempt = 0;
  private uncertain: boolean;
  private inFlight = false;
  private timer: unknown = null;
  private readonly stopListening: () => void;
  private readonly d: Required<Omit<SubmitDeps, 'uncertain'>>;

  constructor(deps: SubmitDeps) {
    this.d = {
      isOnline: () => (typeof navigator === 'undefined' ? true : navigator.onLine !== false),
      onOnline: (cb) => {
        window.addEventListener('online', cb);
        return () => window.removeEventListener('online', cb);
      },
      setTimer: (cb, ms) => setTimeout(cb, ms),
      clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      now: () => Date.now(),
      random: Math.random,
      ...deps,
    };
    this.uncertain = deps.uncertain ?? false;
    this.stopListening = this.d.onOnline(() => {
      if (this.state.phase === 'waiting') this.submit();
    });
  }

  /** The voter's tap, a timer or coming back online. Ignored while a request is out or once done. */
  submit(): void {
    if (this.inFlight || this.state.phase === 'accepted' || this.state.phase === 'probablyAccepted') return;
    this.cancelTimer();
    this.attempt++;
    if (!this.d.isOnline()) {
      // No point sending; the `online` event (or, if the browser never fires it, the timer) brings us back.
      this.wait('offline', null);
      return;
    }
    void this.send();
  }

  dispose(): void {
    this.cancelTimer();
    this.stopListening();
  }

  private async send(): Promise<void> {
    this.inFlight = true;
    this.set({ phase: 'sending', attempt: this.attempt });
    try {
      const res = await this.d.send();
      this.inFlight = false;
      this.set({ phase: 'accepted', receipt: res.receipt, submittedAt: res.submittedAt });
    } catch (e) {
      this.inFlight = false;
      const err = e instanceof ApiError ? e : new ApiError(0, 'NETWORK', String(e));
      const outcome = afterFailure(err, { uncertain: this.uncertain, online: this.d.isOnline() });
      if (isUncertain(err) && !this.uncertain) {
        this.uncertain = true;
        this.d.onUncertain();
      }
      if (outcome.next === 'probablyAccepted') this.set({ phase: 'probablyAccepted' });
      else if (outcome.next === 'failed') this.set({ phase: 'failed', error: err });
      else this.wait(outcome.reason, err);
    }
  }

  private wait(reason: WaitReason, error: ApiError | null): void {
    const delay = error ? retryDelay(error, this.attempt, this.d.random) : backoffMs(this.attempt, this.d.random);
    this.timer = this.d.setTimer(() => {
      this.timer = null;
      this.submit();
    }, delay);
    this.set({ phase: 'waiting', attempt: this.attempt, reason, retryAt: this.d.now() + delay, error });
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.d.clearTimer(this.timer);
    this.timer = null;
  }

  private set(state: SubmitState): void {
    this.state = state;
    this.d.onChange(state);
  }
}
