import type { CampaignSpec } from '@minping/shared/spec';
import type { Queryable } from '../../infra/db.js';
import type { ballots } from '../../db/schema.js';

export interface CodeState {
  code_id: number;
  hash: string; // hex
  used: boolean;
  voided: boolean;
  batch_id: number;
  questionnaire_key: string;
  group_key: string;
  campaign_id: number;
  campaign_status: string;
  campaign_version: string; // updated_at, to know when a cached spec is stale
  // Of the ballot already cast with this code, if any: to answer a retry again.
  ballot_id: number | null;
  idempotency_hash: string | null;
  receipt_sealed: Buffer | null;
  submitted_at: Date | null;
}

const CODE_STATE = `
  select c.id::int as code_id, encode(c.hash, 'hex') as hash, c.used_at is not null as used,
         (c.voided_at is not null or b.voided_at is not null) as voided,
         b.id as batch_id, b.questionnaire_key, b.group_key,
         k.id as campaign_id, k.status as campaign_status, k.updated_at::text as campaign_version,
         x.id::int as ballot_id, encode(x.idempotency_hash, 'hex') as idempotency_hash, x.receipt_sealed, x.submitted_at
    from codes c join code_batches b on b.id = c.batch_id join campaigns k on k.id = b.campaign_id
    left join ballots x on x.code_id = c.id`;

/** A ballot to store: the row, less what PostgreSQL fills in. */
export type NewBallot = Required<
  Pick<
    typeof ballots.$inferInsert,
    'campaignId' | 'batchId' | 'codeId' | 'questionnaireKey' | 'groupKey' | 'receiptHash' | 'ratings' | 'problems' | 'comment' | 'answeringMs' | 'deviceHash' | 'addressHash' | 'idempotencyHash' | 'receiptSealed'
  >
>;

/** The columns a ballot brings itself (its campaign, answers, receipt and keyed hashes), less what its code gives it. */
export type BallotColumns = Omit<NewBallot, 'batchId' | 'codeId' | 'questionnaireKey' | 'groupKey'>;

/** A ballot to store whose code was not read: its code's hash, its own columns, and what its answers were checked against. */
export type BallotByHash = BallotColumns & {
  codeHash: Buffer;
  campaignVersion: string;
  questionnaireKeys: string[];
};

// The columns both statements store from the ballot itself. The rows travel
// as one JSON document: as fourteen text arrays they cost node-pg an escaping
// pass over every answer (a tenth of the api's allocations).
const ANSWER_COLUMNS = 'receipt_hash, ratings, problems, comment, answering_ms, device_hash, address_hash, idempotency_hash, receipt_sealed';
const ANSWER_FIELDS = 'r text, ra jsonb, pr jsonb, cm text, am int, dh text, ah text, ih text, rs text';
const ANSWER_VALUES = "decode(t.r, 'hex'), t.ra, t.pr, t.cm, t.am, decode(t.dh, 'hex'), decode(t.ah, 'hex'), decode(t.ih, 'hex'), decode(t.rs, 'hex')";
const hex = (b: Buffer | null) => b?.toString('hex') ?? null;
const answersDoc = (r: BallotColumns) => ({
  r: hex(r.receiptHash),
  ra: r.ratings,
  pr: r.problems,
  cm: r.comment,
  am: r.answeringMs,
  dh: hex(r.deviceHash),
  ah: hex(r.addressHash),
  ih: hex(r.idempotencyHash),
  rs: hex(r.receiptSealed),
});

export const voteRepo = {
  codeState: (db: Queryable, hash: Buffer) => db.query<CodeState>(`${CODE_STATE} where c.hash = decode($1, 'hex')`, [hash.toString('hex')]),
  /** The state of a group's codes, read without locks: the claim below checks again. */
  codeStates: (db: Queryable, hashes: Buffer[]) =>
    db.query<CodeState>(`${CODE_STATE} where c.hash = any(array(select decode(h, 'hex') from unnest($1::text[]) as h))`, [hashes.map((h) => h.toString('hex'))]),
  /** The campaigns open for voting, with their files and versions (the committer's guess at a code's questionnaire). */
  openCampaigns: (db: Queryable) =>
    db.query<{ id: number; spec: CampaignSpec; version: string }>(`select id, spec, updated_at::text as version from campaigns where status = 'open' order by id`),
  spec: async (db: Queryable, campaignId: number) =>
    (await db.query<{ spec: CampaignSpec; version: string }>(`select spec, updated_at::text as version from campaigns where id = $1`, [campaignId]))[0],
  /**
   * One statement, so one implicit transaction: marks the codes used, but only
   * those still unused, unvoided and open (rechecked under the row lock, taken
   * in id order so concurrent claims cannot deadlock), and inserts the ballots
   * of exactly the codes it marked. Returns those ballots; a row whose code
   * was taken in between is left out. Resolves only after the commit.
   * The codes are read by id first (materialized, as in claimByHash below):
   * otherwise the planner could walk every batch of the campaign and look
   * for the codes in each.
   */
  async claimAndInsert(db: Queryable, rows: NewBallot[]): Promise<{ id: number; code_id: number; submitted_at: Date }[]> {
    const doc = rows.map((r) => ({ ...answersDoc(r), c: r.campaignId, b: r.batchId, k: r.codeId, qk: r.questionnaireKey, gk: r.groupKey }));
    return db.query(
      `with found as materialized (
         select id, batch_id from codes where id = any($2::bigint[])),
       claimed as (
         update codes set used_at = now()
          where id in (select c.id from found f join codes c on c.id = f.id join code_batches b on b.id = f.batch_id join campaigns k on k.id = b.campaign_id
                        where c.used_at is null and c.voided_at is null and b.voided_at is null and k.status = 'open'
                        order by c.id for update of c)
         returning id)
       insert into ballots (campaign_id, batch_id, code_id, questionnaire_key, group_key, ${ANSWER_COLUMNS})
       select t.c, t.b, t.k, t.qk, t.gk, ${ANSWER_VALUES}
         from jsonb_to_recordset($1::jsonb) as t(c int, b int, k bigint, qk text, gk text, ${ANSWER_FIELDS})
         join claimed on claimed.id = t.k
       returning id::int as id, code_id::int as code_id, submitted_at`,
      [JSON.stringify(doc), rows.map((r) => r.codeId)],
    );
  },
  /**
   * The same claim and insert for ballots whose codes were not read first
   * (committer.ts claimWithoutReading): each row names its code by hash, and
   * the campaign, the campaign's version and the questionnaires its answers
   * were checked against. A code is claimed only if it is unused and unvoided
   * (checked again under its row lock), its batch is unvoided, its campaign
   * is open and of exactly that id and version, and its batch's questionnaire
   * is one of those; the ballot takes its batch, questionnaire and group from
   * the code. A row left out is read and answered the usual way. Resolves
   * only after the commit.
   * The campaign and the batch are checked as the statement's snapshot sees
   * them, not under a lock, as in claimAndInsert: a claim that started just
   * before a campaign was closed or its file replaced may still commit just
   * after. Locking the campaign's row would make every claim wait for the
   * worker, which updates that row in each of its transactions.
   * The codes are found by hash first, in a CTE the planner must run as it
   * stands (materialized): the rows of jsonb_to_recordset are a guess of 100
   * to it, and `t.qs ? questionnaire_key` one of a few, so left to itself it
   * could join the campaign's batches first and look every code up once per
   * batch: 2,400 lookups for 20 ballots at 120 batches
   * (test/integration/table-upkeep.test.ts).
   */
  async claimByHash(db: Queryable, rows: BallotByHash[]): Promise<{ id: number; hash: string; submitted_at: Date }[]> {
    const doc = rows.map((r) => ({ ...answersDoc(r), h: r.codeHash.toString('hex'), c: r.campaignId, v: r.campaignVersion, qs: r.questionnaireKeys }));
    return db.query(
      `with t as (
         select t.*, decode(t.h, 'hex') as hash
           from jsonb_to_recordset($1::jsonb) as t(h text, c int, v text, qs jsonb, ${ANSWER_FIELDS})),
       found as materialized (
         select c.id, c.batch_id, t.c, t.v, t.qs from t join codes c on c.hash = t.hash),
       claimed as (
         update codes set used_at = now()
          where id in (select c.id from found f join codes c on c.id = f.id join code_batches b on b.id = f.batch_id join campaigns k on k.id = b.campaign_id
                        where c.used_at is null and c.voided_at is null and b.voided_at is null and k.status = 'open'
                          and k.id = f.c and k.updated_at = f.v::timestamptz and f.qs ? b.questionnaire_key
                        order by c.id for update of c)
         returning id, batch_id, hash),
       stored as (
         insert into ballots (campaign_id, batch_id, code_id, questionnaire_key, group_key, ${ANSWER_COLUMNS})
         select t.c, b.id, claimed.id, b.questionnaire_key, b.group_key, ${ANSWER_VALUES}
           from claimed join t on t.hash = claimed.hash join code_batches b on b.id = claimed.batch_id
         returning id, code_id, submitted_at)
       select stored.id::int as id, encode(claimed.hash, 'hex') as hash, stored.submitted_at
         from stored join claimed on claimed.id = stored.code_id`,
      [JSON.stringify(doc)],
    );
  },
  receipt: (db: Queryable, hash: Buffer) =>
    db.query<{ processed: boolean; review: string; counted: boolean; submitted_at: Date; key: string; name: string }>(
      `select b.processed_at is not null as processed, b.review, b.counted, b.submitted_at, k.key, k.spec->>'name' as name
         from ballots b join campaigns k on k.id = b.campaign_id where b.receipt_hash = decode($1, 'hex')`,
      [hash.toString('hex')],
    ),
};
