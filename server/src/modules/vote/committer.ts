// The ballot committer: admission (admission.ts) decides whether a ballot may
// join a group, batching (group-commit.ts) gathers the groups, this file
// stores one group, and the hand-off (worker-handoff.ts) queues the accepted
// ballots for the worker after their commit. Each voter hears "accepted" only
// after the statement holding its ballot and its code's use committed.
//
// Why one claim-and-insert statement per group, with no explicit
// transaction (docs/benchmarks.md has the figures): transactions of five
// round trips (begin, lock, insert, mark used, commit), ten in flight, split
// 64 clients into groups of ~3 ballots and reached ~1,000 ballots/s with the
// worker running; one group at a time gathers groups of 25–50 and spends far
// less per ballot. The usual group (fresh codes, answers that fit one open
// campaign's questionnaires) takes one round trip: its codes are claimed by
// hash without being read first (claimWithoutReading). Whatever that leaves
// out takes two: a read of the codes' states, then the claim by id
// (commitGroup).
import type { CampaignSpec } from '@minping/shared/spec';
import { generateReceipt, formatCode } from '@minping/shared/codes';
import type { BallotSubmission } from '@minping/shared/contracts/vote';
import type { ErrorCode } from '@minping/shared/errors';
import { redisWarner, type Context } from '../../context.js';
import { AppError, notFound } from '../../lib/errors.js';
import { randomBytes } from '../../lib/random.js';
import { ballotsQueue } from '../ballots/ballots.queue.js';
import { admissible, dataFault, transient, unreachable } from './admission.js';
import { groupCommit } from './group-commit.js';
import { checkBallot, fits, shapeOf, type QuestionnaireShape } from './questionnaire.js';
import { voteRepo, type BallotByHash, type BallotColumns, type CodeState, type NewBallot } from './vote.repo.js';
import { workerHandoff } from './worker-handoff.js';
import type { Queryable } from '../../infra/db.js';
import type { MemoOptions } from '../../infra/changes.js';

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

const MAX_GROUP = 512;
/** At most this many reasons in a refusal: a ballot of 2,000 wrong units gets the first 20. */
const MAX_ISSUES = 20;
/** Commits in flight at once. One gathers the largest groups; PGlite has one connection anyway. */
const MAX_IN_FLIGHT = 1;
// Made once per refusal: each voter's answer is an error of its own.
const REFUSALS = {
  CODE_UNKNOWN: () => notFound('CODE_UNKNOWN', 'No such code'),
  CODE_VOIDED: () => new AppError(410, 'CODE_VOIDED', 'This code has been voided'),
  CODE_ALREADY_USED: () => new AppError(409, 'CODE_ALREADY_USED', 'This code has already been used'),
  CAMPAIGN_NOT_OPEN: () => new AppError(409, 'CAMPAIGN_NOT_OPEN', 'The appraisal is not open for voting'),
} satisfies Partial<Record<ErrorCode, () => AppError>>;
const refuse = (code: keyof typeof REFUSALS) => REFUSALS[code]();
const unavailable = () => new AppError(503, 'SERVICE_UNAVAILABLE', 'The ballot could not be stored just now; send it again');
const unstorable = () => new AppError(422, 'BALLOT_INVALID', 'This ballot cannot be stored; change its answers and send it again');

interface Waiting extends Submission {
  resolve(a: Accepted): void;
  reject(e: unknown): void;
}
/** An accepted ballot, or why it was not: a refusal (4xx, 503) or, for a fault of its own, the error. */
type Outcomes = Map<Waiting, Accepted | AppError | unknown>;
const isAccepted = (o: unknown): o is Accepted => typeof (o as Accepted | null)?.ballotId === 'number' && typeof (o as Accepted).receipt === 'string';

/** What storing a group needs besides the group: the context, and the questionnaires' shapes by campaign version. */
interface Store {
  ctx: Context;
  db: Queryable;
  shapes: Map<string, { version: string; spec: CampaignSpec; shape: QuestionnaireShape | null }>;
  /** A line in the log, at most once a minute: the shortcut failing for no voter's fault costs a round trip per group. */
  warn: (msg: string) => void;
}

/** A campaign open for voting, as the committer guesses a code's questionnaire from it. */
interface OpenCampaign {
  id: number;
  version: string;
  questionnaires: { key: string; shape: QuestionnaireShape }[];
}
/** Past this many questionnaires open at once, checking each ballot against all of them is not worth a round trip. */
const MAX_GUESSED_QUESTIONNAIRES = 12;
// Kept until a notice about `campaigns`. Migration 0012's trigger fires on
// changes of key, status and updated_at only; the file (spec) is kept too,
// which holds because every write of a file also sets updated_at
// (campaigns.repo.ts update). A stale entry costs a round trip, never a
// wrong ballot: the claim checks the version it was given.
const OPEN_CAMPAIGNS = { tables: ['campaigns'], ttlMs: 60_000, maxEntries: 1 } satisfies MemoOptions;

async function shapeFor(store: Store, s: CodeState) {
  const cacheKey = `${s.campaign_id}:${s.questionnaire_key}`;
  let hit = store.shapes.get(cacheKey);
  if (!hit || hit.version !== s.campaign_version) {
    const row = await voteRepo.spec(store.db, s.campaign_id);
    hit = { version: row.version, spec: row.spec, shape: shapeOf(row.spec, s.questionnaire_key) };
    store.shapes.set(cacheKey, hit);
  }
  return hit.shape;
}

/** The columns a ballot brings itself, for `campaignId`: the answers, a new receipt (its hash and sealed copy), the keyed hashes of device, address and page. */
function ballotColumns(store: Store, w: Waiting, campaignId: number): { receipt: string; columns: BallotColumns } {
  const { secrets } = store.ctx;
  const receipt = generateReceipt(randomBytes);
  return {
    receipt,
    columns: {
      campaignId,
      receiptHash: secrets.hashReceipt(receipt),
      ratings: w.body.ratings,
      problems: Object.fromEntries(Object.entries(w.body.problems ?? {}).filter(([, l]) => l.length)),
      // admissible() refused NUL and lone surrogates before the ballot joined.
      comment: w.body.comment?.trim() || null,
      answeringMs: w.body.answeringMs,
      deviceHash: w.body.deviceId ? secrets.hashDevice(campaignId, w.body.deviceId) : null,
      addressHash: secrets.hashAddress(campaignId, w.address),
      idempotencyHash: w.idempotencyKey ? secrets.hashIdempotencyKey(w.codeHash, w.idempotencyKey) : null,
      receiptSealed: secrets.seal(receipt),
    },
  };
}

/**
 * Refuses, validates and builds the rows of a group from its codes' states.
 * A second submit of a code already in the group waits for the first
 * (`followers`): it is read again once the first's statement is done, and
 * answered for what the code has become (the first's receipt again, for the
 * same page's retry; 409 for anyone else).
 */
async function prepare(store: Store, group: Waiting[], states: CodeState[], outcome: Outcomes) {
  const { secrets } = store.ctx;
  const byHash = new Map(states.map((s) => [s.hash, s]));
  const taken = new Set<number>();
  const rows: NewBallot[] = [];
  const owners: Waiting[] = [];
  const receipts: string[] = [];
  const followers: Waiting[] = [];
  for (const w of group) {
    const s = byHash.get(w.codeHash.toString('hex'));
    if (!s) outcome.set(w, refuse('CODE_UNKNOWN'));
    else if (s.used && w.idempotencyKey && s.idempotency_hash === secrets.hashIdempotencyKey(w.codeHash, w.idempotencyKey).toString('hex')) {
      // The same page retrying a submit whose answer it never got: give the first answer again.
      outcome.set(w, { ballotId: s.ballot_id!, receipt: formatCode(secrets.unseal(s.receipt_sealed!)), submittedAt: s.submitted_at!, campaignId: s.campaign_id, replayed: true });
    } else if (s.voided) outcome.set(w, refuse('CODE_VOIDED'));
    else if (s.used) outcome.set(w, refuse('CODE_ALREADY_USED'));
    else if (taken.has(s.code_id)) followers.push(w);
    else if (s.campaign_status !== 'open') outcome.set(w, refuse('CAMPAIGN_NOT_OPEN'));
    else {
      const shape = await shapeFor(store, s);
      const issues = shape ? checkBallot(shape, w.body, MAX_ISSUES) : [{ path: 'questionnaire', message: 'questionnaire no longer exists' }];
      if (issues.length) {
        outcome.set(w, new AppError(422, 'BALLOT_INVALID', 'The answers do not fit this questionnaire', issues));
        continue;
      }
      let built: { receipt: string; columns: BallotColumns };
      try {
        built = ballotColumns(store, w, s.campaign_id);
      } catch (err) {
        // Whatever it is, it is this ballot's alone.
        outcome.set(w, err);
        continue;
      }
      const { receipt } = built;
      const row: NewBallot = { ...built.columns, campaignId: s.campaign_id, batchId: s.batch_id, codeId: s.code_id, questionnaireKey: s.questionnaire_key, groupKey: s.group_key };
      taken.add(s.code_id);
      rows.push(row);
      owners.push(w);
      receipts.push(receipt);
    }
  }
  return { rows, owners, receipts, followers };
}

/** Records what the statement stored; returns the ballots whose codes were taken in between. */
function settle(inserted: { id: number; code_id: number; submitted_at: Date }[], rows: NewBallot[], owners: Waiting[], receipts: string[], outcome: Outcomes) {
  const byCode = new Map(inserted.map((r) => [Number(r.code_id), r]));
  const lost: Waiting[] = [];
  rows.forEach((r, i) => {
    const b = byCode.get(Number(r.codeId));
    if (b) outcome.set(owners[i], { ballotId: b.id, receipt: formatCode(receipts[i]), submittedAt: b.submitted_at, campaignId: r.campaignId });
    else lost.push(owners[i]);
  });
  return lost;
}

/**
 * A group statement failed for a reason no retry of the whole cures: each
 * ballot goes in its own statement, so the one at fault is refused and
 * the others are stored. Each statement claims its code and inserts its
 * ballot together or not at all, so a code is never used without a ballot.
 */
async function oneByOne(db: Queryable, rows: NewBallot[], owners: Waiting[], receipts: string[], outcome: Outcomes) {
  const lost: Waiting[] = [];
  for (let i = 0; i < rows.length; i++) {
    try {
      lost.push(...settle(await voteRepo.claimAndInsert(db, [rows[i]]), [rows[i]], [owners[i]], [receipts[i]], outcome));
    } catch (err) {
      if (transient(err)) lost.push(owners[i]);
      else if (unreachable(err)) {
        for (const w of owners.slice(i)) outcome.set(w, unavailable());
        break;
      } else outcome.set(owners[i], dataFault(err) ? unstorable() : err);
    }
  }
  return lost;
}

/**
 * The open campaigns and their questionnaires, kept until PostgreSQL says
 * `campaigns` changed; null while this process is not listening for that
 * (the memo would then read them for every group) or when too many are open.
 */
async function openCampaigns(store: Store): Promise<OpenCampaign[] | null> {
  const { changes } = store.ctx;
  if (!changes.listening) return null;
  const open = await changes.memo<OpenCampaign[]>('vote.open-campaigns', OPEN_CAMPAIGNS).get('open', async () =>
    (await voteRepo.openCampaigns(store.db)).map((r) => ({
      id: r.id,
      version: r.version,
      questionnaires: r.spec.questionnaires.map((q) => ({ key: q.key, shape: shapeOf(r.spec, q.key)! })),
    })),
  );
  return open && open.reduce((n, c) => n + c.questionnaires.length, 0) <= MAX_GUESSED_QUESTIONNAIRES ? open : null;
}

/** The one open campaign whose questionnaires this ballot's answers fit, with those questionnaires; null for none or several. */
function guessFor(open: OpenCampaign[], body: Waiting['body']) {
  let found: { campaign: OpenCampaign; keys: string[] } | null = null;
  for (const campaign of open) {
    const keys = campaign.questionnaires.filter((q) => fits(q.shape, body)).map((q) => q.key);
    if (!keys.length) continue;
    if (found) return null;
    found = { campaign, keys };
  }
  return found;
}

/**
 * One round trip instead of two for the usual group: honest voters with
 * fresh codes. Each ballot whose answers fit the questionnaires of exactly
 * one open campaign is claimed and stored by its code's hash without reading
 * the code first (vote.repo.ts claimByHash checks the code under its lock, and
 * the campaign's id, status and version and the code's questionnaire as the
 * statement sees them). Returns the ballots still without an answer: the
 * others, a code's second submit in the group, and any the statement left out
 * (an unknown, used or voided code, another questionnaire, a campaign changed
 * or closed since this process read it); commitGroup reads and answers those
 * as before. Such a ballot costs a third round trip, and its receipt and
 * hashes are made twice: a group of guessed codes pays that, voters do not.
 */
async function claimWithoutReading(store: Store, group: Waiting[], outcome: Outcomes): Promise<Waiting[]> {
  let open: OpenCampaign[] | null;
  try {
    open = await openCampaigns(store);
  } catch (err) {
    // Not knowing them costs this group its shortcut, nothing else: the read does as before.
    store.warn(`The open campaigns could not be read; ballots are read before they are stored (${String((err as Error)?.message ?? err)})`);
    return group;
  }
  if (!open?.length) return group;
  const seen = new Set<string>();
  const rows: BallotByHash[] = [];
  const owners = new Map<string, { w: Waiting; receipt: string; campaignId: number }>();
  for (const w of group) {
    const hash = w.codeHash.toString('hex');
    if (seen.has(hash)) continue;
    seen.add(hash);
    const guess = guessFor(open, w.body);
    if (!guess) continue;
    let built: { receipt: string; columns: BallotColumns };
    try {
      built = ballotColumns(store, w, guess.campaign.id);
    } catch {
      continue; // the read meets it again and answers for it
    }
    rows.push({ ...built.columns, codeHash: w.codeHash, campaignVersion: guess.campaign.version, questionnaireKeys: guess.keys });
    owners.set(hash, { w, receipt: built.receipt, campaignId: guess.campaign.id });
  }
  if (!rows.length) return group;
  let stored: Awaited<ReturnType<typeof voteRepo.claimByHash>>;
  try {
    stored = await voteRepo.claimByHash(store.db, rows);
  } catch (err) {
    // Rolled back whole: nothing was stored, and the read sorts out whose fault it was.
    if (unreachable(err)) {
      for (const w of group) outcome.set(w, unavailable());
      return [];
    }
    if (!transient(err) && !dataFault(err)) store.warn(`Storing ballots without reading their codes failed; read first instead (${String((err as Error)?.message ?? err)})`);
    return group;
  }
  for (const b of stored) {
    const o = owners.get(b.hash)!;
    outcome.set(o.w, { ballotId: b.id, receipt: formatCode(o.receipt), submittedAt: b.submitted_at, campaignId: o.campaignId });
  }
  return group.filter((w) => !outcome.has(w));
}

/**
 * Two round trips, no explicit transaction: read the codes' states, then one
 * statement claims the codes still free and inserts their ballots. A code
 * taken, voided or closed between the two is looked at again and refused
 * for what it has become.
 */
async function commitGroup(store: Store, group: Waiting[], outcome: Outcomes) {
  const { db } = store;
  let pending = await claimWithoutReading(store, group, outcome);
  store.ctx.metrics.submitCodesRead.inc(pending.length);
  for (let round = 0; pending.length; round++) {
    const states = await voteRepo.codeStates(db, pending.map((w) => w.codeHash));
    const { rows, owners, receipts, followers } = await prepare(store, pending, states, outcome);
    if (!rows.length) break;
    let lost: Waiting[] = followers;
    try {
      lost = lost.concat(settle(await voteRepo.claimAndInsert(db, rows), rows, owners, receipts, outcome));
    } catch (err) {
      // The statement rolled back whole. A collision or deadlock: go again, with new receipts.
      if (round < 3 && transient(err)) continue;
      if (unreachable(err)) {
        for (const w of [...owners, ...followers]) outcome.set(w, unavailable());
        break;
      }
      lost = lost.concat(await oneByOne(db, rows, owners, receipts, outcome));
    }
    // The next round reads their new state and refuses them for it (or, for
    // the same page's retry that won elsewhere, answers it again); a code
    // never becomes free again, so this ends. The cap only guards against a bug.
    if (round >= 3) {
      // A follower's code was never read again: it is told to send again, not that its code is used.
      const waiting = new Set(followers);
      for (const w of lost) outcome.set(w, waiting.has(w) ? unavailable() : refuse('CODE_ALREADY_USED'));
      break;
    }
    pending = lost;
  }
}

/** Stores a group; returns the ids of the ballots newly accepted, and the answering of each of its voters. */
async function storeGroup(store: Store, group: Waiting[]): Promise<{ accepted: number[]; answer: () => void }> {
  const outcome: Outcomes = new Map();
  let failure: unknown = null;
  try {
    await commitGroup(store, group, outcome);
  } catch (err) {
    // Ballots a round committed before the failure stay accepted.
    failure = err;
  }
  const accepted: number[] = [];
  for (const w of group) {
    const o = outcome.get(w);
    if (o && isAccepted(o) && !o.replayed) accepted.push(o.ballotId);
  }
  const answer = () => {
    for (const w of group) {
      const o = outcome.get(w);
      if (!outcome.has(w)) w.reject(failure && unreachable(failure) ? unavailable() : failure ?? new Error('ballot left without an outcome'));
      else if (!isAccepted(o)) w.reject(o);
      else w.resolve(o);
    }
  };
  return { accepted, answer };
}

/**
 * `handOff: false` leaves the accepted ballots to whoever made the committer
 * (the demo seed takes them in itself, in order, before the worker starts).
 */
export function createBallotCommitter(ctx: Context, opts: { handOff?: boolean } = {}): BallotCommitter {
  const warn = redisWarner(ctx.config);
  let warnedAt = 0;
  const store: Store = {
    ctx,
    db: ctx.database,
    shapes: new Map(),
    warn: (msg) => {
      if (Date.now() - warnedAt < 60_000) return;
      warnedAt = Date.now();
      warn(msg);
    },
  };
  const send = opts.handOff === false ? async () => {} : (ids: number[]) => ballotsQueue.handOff(ctx.queue, ids);
  const handoff = workerHandoff(send, warn);
  const groups = groupCommit<Waiting>(
    async (group) => {
      const { accepted, answer } = await storeGroup(store, group);
      ctx.metrics.submitBatchSize.observe(group.length);
      if (accepted.length) {
        ctx.metrics.ballotsAccepted.inc(accepted.length);
        handoff.add(accepted);
      }
      return answer;
    },
    { maxGroup: MAX_GROUP, maxInFlight: MAX_IN_FLIGHT },
  );
  let closed = false;

  return {
    submit(s) {
      if (closed) return Promise.reject(new AppError(503, 'SERVICE_UNAVAILABLE', 'Shutting down; try again'));
      const checked = admissible(s);
      if ('refusal' in checked) return Promise.reject(checked.refusal);
      return new Promise<Accepted>((resolve, reject) => groups.push({ ...s, body: checked.body, resolve, reject }));
    },
    async close() {
      closed = true;
      await groups.drain();
      await handoff.flush();
    },
  };
}
