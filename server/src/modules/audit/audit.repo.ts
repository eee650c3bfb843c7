import type { Database, Db, Query } from '../../infra/db.js';
import { auditLog } from '../../db/schema.js';

export interface AuditEntry {
  userId: number | null;
  action: string;
  campaignId?: number | null;
  target?: string | null;
  detail?: unknown;
}

/** Appends to the audit trail; inside a transaction pass its query so the entry commits with the change. */
export async function audit(q: Query | Db, e: AuditEntry): Promise<void> {
  const row = { userId: e.userId, action: e.action, campaignId: e.campaignId ?? null, target: e.target ?? null, detail: e.detail ?? null };
  if (typeof q === 'function') {
    await q(`insert into audit_log (user_id, action, campaign_id, target, detail) values ($1, $2, $3, $4, $5::jsonb)`, [
      row.userId,
      row.action,
      row.campaignId,
      row.target,
      row.detail === null ? null : JSON.stringify(row.detail),
    ]);
  } else {
    await q.insert(auditLog).values(row);
  }
}

/**
 * A change and its audit entry in one transaction: both are stored or neither
 * is, so nothing changes without its trace. `change` gets the transaction and
 * returns what the entry describes.
 */
export async function audited<T>(database: Database, change: (tx: Db) => Promise<T>, entry: (result: T) => AuditEntry): Promise<T> {
  return database.transaction(async (tx) => {
    const result = await change(tx.db);
    await audit(tx.db, entry(result));
    return result;
  });
}

export interface AuditFilter {
  campaignId?: number;
  action?: string;
  after?: number;
  limit: number;
}

export const auditRepo = {
  page: (q: Query, f: AuditFilter) =>
    q<{ id: number; at: Date; username: string | null; action: string; campaign_key: string | null; target: string | null; detail: unknown }>(
      `select a.id::int as id, a.at, u.username, a.action, c.key as campaign_key, a.target, a.detail
         from audit_log a left join users u on u.id = a.user_id left join campaigns c on c.id = a.campaign_id
        where ($1::int is null or a.campaign_id = $1) and ($2::text is null or a.action like $2 || '%') and ($3::bigint is null or a.id < $3)
        order by a.id desc limit $4`,
      [f.campaignId ?? null, f.action ?? null, f.after ?? null, f.limit],
    ),
};
