import { and, eq, inArray, isNull, like } from 'drizzle-orm';
import type { Queryable } from '../../infra/db.js';
import { attachments } from '../../db/schema.js';

export const attachmentsRepo = {
  insert: async (on: Queryable, row: { filename: string; contentType: string; size: number; sha256: string; data: Buffer; uploadedBy: number }) =>
    (await on.db.insert(attachments).values(row).returning({ id: attachments.id }))[0],
  /** A live file with what serving it needs. */
  live: async (on: Queryable, id: number) =>
    (
      await on.db
        .select({ filename: attachments.filename, contentType: attachments.contentType, data: attachments.data, uploadedBy: attachments.uploadedBy })
        .from(attachments)
        .where(and(eq(attachments.id, id), isNull(attachments.removedAt)))
    )[0],
  /** Which of `ids` are live files the user uploaded (images only, if asked). */
  ownLive: (on: Queryable, userId: number, ids: number[], opts: { images?: boolean } = {}) =>
    on.db
      .select({ id: attachments.id })
      .from(attachments)
      .where(and(inArray(attachments.id, ids), eq(attachments.uploadedBy, userId), isNull(attachments.removedAt), opts.images ? like(attachments.contentType, 'image/%') : undefined)),
  /**
   * The campaign and unit of every task and inspection a file is attached to:
   * whoever may see one of them may fetch it. Raw SQL: a union over two array columns.
   */
  holders: (on: Queryable, id: number) =>
    on.query<{ campaignId: number; unitKey: string }>(
      `select t.campaign_id as "campaignId", t.unit_key as "unitKey" from tasks t where exists (select 1 from task_events e where e.task_id = t.id and $1 = any(e.attachment_ids))
       union select i.campaign_id, i.unit_key from inspections i join inspection_findings f on f.inspection_id = i.id where $1 = any(f.photo_ids)`,
      [id],
    ),
};
