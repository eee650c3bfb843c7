import type { CampaignSpec } from '@minping/shared/spec';
import type { Query } from '../../db/client.js';

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

export interface NewBallot {
  campaignId: number;
  batchId: number;
  codeId: number;
  questionnaireKey: string;
  groupKey: string;
  receiptHash: Buffer;
  ratings: Record<string, string>;
  problems: Record<string, string[]>;
  comment: string | null;
  answeringMs: number;
  deviceHash: Buffer | null;
  addressHash: Buffer;
  idempotencyHash: Buffer | null;
  receiptSealed: Buffer;
}

export const voteRepo = {
  codeState: (q: Query, hash: Buffer) => q<CodeState>(`${CODE_STATE} where c.hash = decode($1, 'hex')`, [hash.toString('hex')]),
  /** Locks the codes of a group of submissions, in id order so groups cannot deadlock. */
  lockCodes: (q: Query, hashes: Buffer[]) =>
    q<CodeState>(
      `${CODE_STATE} where c.hash = any(array(select decode(h, 'hex') from unnest($1::text[]) as h)) order by c.id for update of c`,
      [hashes.map((h) => h.toString('hex'))],
    ),
  spec: async (q: Query, campaignId: number) =>
    (await q<{ spec: CampaignSpec; version: string }>(`select spec, updated_at::text as version from campaigns where id = $1`, [campaignId]))[0],
  async insertBallots(q: Query, rows: NewBallot[]): Promise<{ id: number; code_id: number; submitted_at: Date }[]> {
    const col = <T>(f: (r: NewBallot) => T) => rows.map(f);
    return q(
      `insert into ballots (campaign_id, batch_id, code_id, questionnaire_key, group_key, receipt_hash, ratings, problems,
                            comment, answering_ms, device_hash, address_hash, idempotency_hash, receipt_sealed)
       select c, b, k, qk, gk, decode(r, 'hex'), ra::jsonb, pr::jsonb, nullif(cm, ''), am,
              case when dh = '' then null else decode(dh, 'hex') end, decode(ah, 'hex'),
              case when ih = '' then null else decode(ih, 'hex') end, decode(rs, 'hex')
         from unnest($1::int[], $2::int[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                     $9::text[], $10::int[], $11::text[], $12::text[], $13::text[], $14::text[])
           as t(c, b, k, qk, gk, r, ra, pr, cm, am, dh, ah, ih, rs)
       returning id::int as id, code_id::int as code_id, submitted_at`,
      [
        col((r) => r.campaignId),
        col((r) => r.batchId),
        col((r) => r.codeId),
        col((r) => r.questionnaireKey),
        col((r) => r.groupKey),
        col((r) => r.receiptHash.toString('hex')),
        col((r) => JSON.stringify(r.ratings)),
        col((r) => JSON.stringify(r.problems)),
        col((r) => r.comment ?? ''),
        col((r) => r.answeringMs),
        col((r) => r.deviceHash?.toString('hex') ?? ''),
        col((r) => r.addressHash.toString('hex')),
        col((r) => r.idempotencyHash?.toString('hex') ?? ''),
        col((r) => r.receiptSealed.toString('hex')),
      ],
    );
  },
  markUsed: (q: Query, codeIds: number[]) => q(`update codes set used_at = now() where id = any($1::bigint[])`, [codeIds]),
  receipt: (q: Query, hash: Buffer) =>
    q<{ processed: boolean; review: string; counted: boolean; submitted_at: Date; key: string; name: string }>(
      `select b.processed_at is not null as processed, b.review, b.counted, b.submitted_at, k.key, k.spec->>'name' as name
         from ballots b join campaigns k on k.id = b.campaign_id where b.receipt_hash = decode($1, 'hex')`,
      [hash.toString('hex')],
    ),
};
