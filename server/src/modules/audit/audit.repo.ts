import type { Database, Queryable, Tx } from '../../infra/db.js';
import { and, desc, eq, like, lt } from 'drizzle-orm';
import { auditLog, campaigns, users } from '../../db/schema.js';

export interface AuditEntry {
  userId: number | null;
  action: string;
  campaignId?: number | null;
  target?: string | null;
  detail?: unknown;
}

/** Appends to the audit trail; inside a transaction pass its Tx, so the entry commits with the change. */
export async function audit(on: Queryable, e: AuditEntry): Promise<void> {
  await on.db.insert(auditLog).values({ userId: e.userId, action: e.action, campaignId: e.campaignId ?? null, target: e.target ?? null, detail: e.detail ?? null });
}

/**
 * A change and its audit entry in one transaction: both are stored or neither
 * is, so nothing changes without its trace. `change` gets the transaction and
 * returns what the entry describes.
 */
export async function audited<T>(database: Database, change: (tx: Tx) => Promise<T>, entry: (result: T) => AuditEntry): Promise<T> {
  return database.transaction(async (tx) => {
    const result = await change(tx);
    await audit(tx, entry(result));
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
  /** Newest first, from before `after` (an entry id), optionally one campaign's or one action family's. */
  page: (on: Queryable, f: AuditFilter) =>
    on.db
      .select({ id: auditLog.id, at: auditLog.at, username: users.username, action: auditLog.action, campaignKey: campaigns.key, target: auditLog.target, detail: auditLog.detail })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.userId))
      .leftJoin(campaigns, eq(campaigns.id, auditLog.campaignId))
      .where(
        and(
          f.campaignId === undefined ? undefined : eq(auditLog.campaignId, f.campaignId),
          f.action === undefined ? undefined : like(auditLog.action, `${f.action}%`),
          f.after === undefined ? undefined : lt(auditLog.id, f.after),
        ),
      )
      .orderBy(desc(auditLog.id))
      .limit(f.limit),
};
