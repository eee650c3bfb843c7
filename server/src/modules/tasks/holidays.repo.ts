import { inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../infra/db.js';
import { holidays } from '../../db/schema.js';

export const holidaysRepo = {
  all: (on: Queryable) => on.db.select({ day: holidays.day, workday: holidays.workday }).from(holidays),
  list: (on: Queryable) => on.db.select({ day: holidays.day, name: holidays.name, workday: holidays.workday }).from(holidays).orderBy(holidays.day),
  /** Blocks other writers of the table until commit, not its readers. Raw SQL: the builder has no LOCK. */
  lockForWriting: (on: Queryable) => on.query(`lock table holidays in share row exclusive mode`),
  deleteYears: (on: Queryable, years: string[]) => on.db.delete(holidays).where(inArray(sql`substr(${holidays.day}::text, 1, 4)`, years)),
  async upsert(on: Queryable, userId: number, days: { day: string; name: string; workday: boolean }[]) {
    if (!days.length) return;
    await on.db
      .insert(holidays)
      .values(days.map((d) => ({ day: d.day, name: d.name, workday: d.workday, updatedBy: userId })))
      .onConflictDoUpdate({
        target: holidays.day,
        set: { name: sql`excluded.name`, workday: sql`excluded.workday`, updatedBy: sql`excluded.updated_by`, updatedAt: sql`now()` },
      });
  },
};
