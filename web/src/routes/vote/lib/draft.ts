// Answers live on the phone until the server has them: saved on every change,
// restored on reload, cleared only once the ballot is accepted. A WeChat tab
// that is killed in the background must not cost the voter their answers.
import type { QuestionnaireView } from '@minping/shared/contracts/vote';
import { readJson, remove, writeJson, type KeyValueStore } from '../../../lib/storage';
import { receiptKey } from '../../../lib/voter/early';

export interface Draft {
  v: 1;
  /** When this code's form was first shown; answeringMs counts from here, across reloads. */
  startedAt: number;
  ratings: Record<string, string>;
  problems: Record<string, string[]>;
  comment: string;
  /**
   * Set when a submit got no answer (network gone, timeout, 5xx): the server
   * may have stored it. A later "code already used" then most likely means
   * our own ballot, not someone else's.
   */
  uncertainSince?: number;
  /**
   * One id per ballot, sent as Idempotency-Key on every attempt, so a server
   * that honours it can answer a repeated submit with the first receipt.
   */
  submissionId?: string;
  /** The form as last loaded, so a reload while offline still shows it. */
  view?: QuestionnaireView;
}

export interface SavedReceipt {
  receipt: string;
  submittedAt: string;
  /** The ballot carried a comment: the thank-you page offers a follow-up call (回访). */
  comment?: boolean;
  /** A phone number was left for that call (the number itself is not kept on the phone). */
  followupSent?: boolean;
}

const draftKey = (code: string) => `minping.vote.${code}`;

export function newDraft(now: number): Draft {
  return { v: 1, startedAt: now, ratings: {}, problems: {}, comment: '' };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return !!x && typeof x === 'object' && !Array.isArray(x);
}

/** The saved draft, or null when there is none or it is unreadable. */
export function loadDraft(code: string, store?: KeyValueStore | null): Draft | null {
  const d = readJson<Draft>(draftKey(code), store);
  if (!isRecord(d) || d.v !== 1 || typeof d.startedAt !== 'number') return null;
  return {
    v: 1,
    startedAt: d.startedAt,
    ratings: isRecord(d.ratings) ? (d.ratings as Record<string, string>) : {},
    problems: isRecord(d.problems) ? (d.problems as Record<string, string[]>) : {},
    comment: typeof d.comment === 'string' ? d.comment : '',
    ...(typeof d.uncertainSince === 'number' ? { uncertainSince: d.uncertainSince } : {}),
    ...(typeof d.submissionId === 'string' ? { submissionId: d.submissionId } : {}),
    ...(isRecord(d.view) ? { view: d.view as unknown as QuestionnaireView } : {}),
  };
}

export function saveDraft(code: string, draft: Draft, store?: KeyValueStore | null): boolean {
  return writeJson(draftKey(code), draft, store);
}

export function clearDraft(code: string, store?: KeyValueStore | null): void {
  remove(draftKey(code), store);
}

/**
 * Keeps only answers that still fit the form: the office may have changed the
 * questionnaire since the draft was saved, and the server rejects unknown keys.
 */
export function fitDraft(draft: Draft, view: QuestionnaireView): Draft {
  const units = new Set(view.categories.flatMap((c) => c.units.map((u) => u.key)));
  const options = new Set(view.scale.map((o) => o.key));
  const problemKeys = new Set(view.problems.map((p) => p.key));
  const ratings: Record<string, string> = {};
  for (const [unit, option] of Object.entries(draft.ratings)) {
    if (units.has(unit) && typeof option === 'string' && options.has(option)) ratings[unit] = option;
  }
  const problems: Record<string, string[]> = {};
  if (view.questionnaire.problems) {
    for (const [unit, keys] of Object.entries(draft.problems)) {
      if (!units.has(unit) || !Array.isArray(keys)) continue;
      const kept = [...new Set(keys.filter((k) => typeof k === 'string' && problemKeys.has(k)))];
      if (kept.length) problems[unit] = kept;
    }
  }
  const comment = view.questionnaire.comment ? draft.comment.slice(0, view.maxCommentLength) : '';
  return { ...draft, ratings, problems, comment };
}

export function loadReceipt(code: string, store?: KeyValueStore | null): SavedReceipt | null {
  const r = readJson<SavedReceipt>(receiptKey(code), store);
  return isRecord(r) && typeof r.receipt === 'string' && typeof r.submittedAt === 'string' ? r : null;
}

/** Kept after acceptance so reopening the link shows the receipt again, not an error. */
export function saveReceipt(code: string, receipt: SavedReceipt, store?: KeyValueStore | null): void {
  writeJson(receiptKey(code), receipt, store);
}
