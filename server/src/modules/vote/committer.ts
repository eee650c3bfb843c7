// Group commit for ballots. A plain transaction per request tops out near
// 2,700/s here; submissions that arrive while a commit is in flight wait a
// moment and go together in the next one. Each voter still hears "accepted"
// only after the transaction holding its ballot and its code's use committed.
import crypto from 'node:crypto';
import type { CampaignSpec } from '@minping/shared/spec';
import { generateReceipt, formatCode } from '@minping/shared/codes';
import type { BallotSubmission } from '@minping/shared/contracts/vote';
import type { ErrorCode } from '@minping/shared/errors';
import type { Context } from '../../context.js';
import { AppError } from '../../lib/errors.js';
import { checkBallot, shapeOf, type QuestionnaireShape } from './questionnaire.js';
import { voteRepo, type CodeState, type NewBallot } from './vote.repo.js';
import type { Query } from '../../db/client.js';

export interface Submission {
  codeHash: Buffer;
  body: BallotSubmission;
  address: string;
  /** The page's id for this ballot, the same on every retry (Idempotency-Key header). */
  idempotencyKey?: string;
}

export interface Accepted {
  ballotId: number;
  receipt: string;
  submittedAt: Date;
  campaignId: number;
  /** A retry of a ballot already accepted: nothing new was stored. */
  replayed?: boolean;
}

export interface BallotCommitter {
  submit(s: Submission): Promise<Accepted>;
  close(): Promise<void>;
}

const MAX_GROUP = 256;
const REFUSALS: Partial<Record<ErrorCode, [number, string]>> = {
  CODE_UNKNOWN: [404, 'No such code'],
  CODE_VOIDED: [410, 'This code has been voided'],
  CODE_ALREADY_USED: [409, 'This code has already been used'],
  CAMPAIGN_NOT_OPEN: [409, 'The appraisal is not open for voting'],
};
const refuse = (code: keyof typeof REFUSALS & ErrorCode) => new AppError(REFUSALS[code]![0], code, REFUSALS[code]![1]);

interface Waiting extends Submission {
  resolve(a: Accepted): void;
  reject(e: unknown): void;
}

export function createBallotCommitter(ctx: Context): BallotCommitter {
  const waiting: Waiting[] = [];
  // PGlite has one connection; on a server, leave the pool room for reads.
  const maxInFlight = ctx.database.kind === 'pglite' ? 1 : Math.max(1, Math.floor(ctx.config.dbPoolSize / 2));
  let inFlight = 0;
  let closed = false;
  const idle: (() => void)[] = [];
  const shapes = new Map<string, { version: string; spec: CampaignSpec; shape: QuestionnaireShape | null }>();

  async function shapeFor(q: Query, s: CodeState) {
    const cacheKey = `${s.campaign_id}:${s.questionnaire_key}`;
    let hit = shapes.get(cacheKey);
    if (!hit || hit.version !== s.campaign_version) {
      const row = await voteRepo.spec(q, s.campaign_id);
      hit = { version: row.version, spec: row.spec, shape: shapeOf(row.spec, s.questionnaire_key) };
      shapes.set(cacheKey, hit);
    }
    return hit.shape;
  }

  async function commitGroup(group: Waiting[]) {
    const outcome = new Map<Waiting, Accepted | AppError>();
    const receipts = new Map<Waiting, string>();
    await ctx.database.transaction(async (q) => {
      outcome.clear();
      const states = await voteRepo.lockCodes(q, group.map((w) => w.codeHash));
      const byHash = new Map(states.map((s) => [s.hash, s]));
      const taken = new Set<number>();
      const rows: NewBallot[] = [];
      const rowOwners: Waiting[] = [];
      for (const w of group) {
        const s = byHash.get(w.codeHash.toString('hex'));
        if (!s) outcome.set(w, refuse('CODE_UNKNOWN'));
        else if (s.used && w.idempotencyKey && s.idempotency_hash === ctx.secrets.hashIdempotencyKey(w.codeHash, w.idempotencyKey).toString('hex')) {
          // The same page retrying a submit whose answer it never got: give the first answer again.
          outcome.set(w, { ballotId: s.ballot_id!, receipt: formatCode(ctx.secrets.unseal(s.receipt_sealed!)), submittedAt: s.submitted_at!, campaignId: s.campaign_id, replayed: true });
        } else if (s.voided) outcome.set(w, refuse('CODE_VOIDED'));
        else if (s.used || taken.has(s.code_id)) outcome.set(w, refuse('CODE_ALREADY_USED'));
        else if (s.campaign_status !== 'open') outcome.set(w, refuse('CAMPAIGN_NOT_OPEN'));
        else {
          const shape = await shapeFor(q, s);
          const issues = shape ? checkBallot(shape, w.body) : [{ path: 'questionnaire', message: 'questionnaire no longer exists' }];
          if (issues.length) {
            outcome.set(w, new AppError(422, 'BALLOT_INVALID', 'The answers do not fit this questionnaire', issues));
            continue;
          }
          taken.add(s.code_id);
          const receipt = receipts.get(w) ?? generateReceipt(crypto.randomBytes);
          receipts.set(w, receipt);
          rows.push({
            campaignId: s.campaign_id,
            batchId: s.batch_id,
            codeId: s.code_id,
            questionnaireKey: s.questionnaire_key,
            groupKey: s.group_key,
            receiptHash: ctx.secrets.hashReceipt(receipt),
            ratings: w.body.ratings,
            problems: Object.fromEntries(Object.entries(w.body.problems ?? {}).filter(([, l]) => l.length)),
            comment: w.body.comment?.trim() || null,
            answeringMs: w.body.answeringMs,
            deviceHash: w.body.deviceId ? ctx.secrets.hashDevice(s.campaign_id, w.body.deviceId) : null,
            addressHash: ctx.secrets.hashAddress(s.campaign_id, w.address),
            idempotencyHash: w.idempotencyKey ? ctx.secrets.hashIdempotencyKey(w.codeHash, w.idempotencyKey) : null,
            receiptSealed: ctx.secrets.seal(receipt),
          });
          rowOwners.push(w);
        }
      }
      if (!rows.length) return;
      const inserted = await voteRepo.insertBallots(q, rows);
      await voteRepo.markUsed(q, rows.map((r) => r.codeId));
      const byCode = new Map(inserted.map((r) => [r.code_id, r]));
      rows.forEach((r, i) => {
        const b = byCode.get(r.codeId)!;
        outcome.set(rowOwners[i], { ballotId: b.id, receipt: formatCode(receipts.get(rowOwners[i])!), submittedAt: b.submitted_at, campaignId: r.campaignId });
      });
    });
    return outcome;
  }

  async function flush() {
    if (closed && !waiting.length) return;
    const group = waiting.splice(0, MAX_GROUP);
    inFlight++;
    try {
      let outcome: Map<Waiting, Accepted | AppError> | undefined;
      for (let attempt = 0; !outcome; attempt++) {
        try {
          outcome = await commitGroup(group);
        } catch (err) {
          // A receipt collision (≈ never) or a deadlock: the whole group rolled back; try again.
          const code = (err as { code?: string }).code;
          if (attempt < 3 && (code === '23505' || code === '40P01' || code === '40001')) continue;
          throw err;
        }
      }
      const accepted: Accepted[] = [];
      for (const w of group) {
        const o = outcome.get(w)!;
        if (o instanceof AppError) w.reject(o);
        else {
          if (!o.replayed) accepted.push(o);
          w.resolve(o);
        }
      }
      ctx.metrics.submitBatchSize.observe(group.length);
      if (accepted.length) {
        ctx.metrics.ballotsAccepted.inc(accepted.length);
        // After the commit: if Redis is down the reconciler finds these later.
        const ids = accepted.map((a) => a.ballotId).sort((a, b) => a - b);
        ctx.queue.add('process-ballots', { ballotIds: ids }, { jobId: `p-${ids[0]}-${ids.length}` }).catch(() => {});
      }
    } catch (err) {
      for (const w of group) w.reject(err);
    } finally {
      inFlight--;
      if (waiting.length) void flush();
      else if (inFlight === 0) idle.splice(0).forEach((f) => f());
    }
  }

  return {
    submit(s) {
      if (closed) return Promise.reject(new AppError(503, 'SERVICE_UNAVAILABLE', 'Shutting down; try again'));
      return new Promise<Accepted>((resolve, reject) => {
        waiting.push({ ...s, resolve, reject });
        if (inFlight < maxInFlight) void flush();
      });
    },
    async close() {
      closed = true;
      if (inFlight > 0 || waiting.length) await new Promise<void>((r) => idle.push(r));
    },
  };
}
