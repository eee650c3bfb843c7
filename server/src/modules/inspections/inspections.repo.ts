import { eq } from 'drizzle-orm';
import type { Queryable } from '../../infra/db.js';
import { inspectionFindings, inspections } from '../../db/schema.js';

export interface Finding {
  id: number;
  problem: string | null;
  description: string;
  photoIds: number[];
  taskId: number | null;
}

/** A visit as the screens read it: the row, its campaign's key, its unit's name, its inspector and its findings. */
export type InspectionRow = Pick<typeof inspections.$inferSelect, 'id' | 'unitKey' | 'place' | 'visitedOn' | 'kind' | 'summary' | 'createdAt'> & {
  campaignKey: string;
  unitName: string | null;
  inspector: string;
  findings: Finding[];
};

// Raw SQL: the findings come aggregated as JSON beside each visit, in one query.
const SELECT = `
  select i.id, c.key as "campaignKey", i.unit_key as "unitKey", u.name as "unitName", i.place, i.visited_on::text as "visitedOn", i.kind, i.summary,
         p.username as inspector, i.created_at as "createdAt",
         coalesce((select json_agg(json_build_object('id', f.id, 'problem', f.problem_key, 'description', f.description, 'photoIds', f.photo_ids, 'taskId', f.task_id) order by f.id)
                     from inspection_findings f where f.inspection_id = i.id), '[]') as findings
    from inspections i join campaigns c on c.id = i.campaign_id left join units u on u.key = i.unit_key join users p on p.id = i.inspector_id`;

export interface InspectionFilter {
  campaignId: number;
  unit: string | null;
  /** The units the caller may see; null = all. */
  units: string[] | null;
  /** Only this inspector's visits; null = everyone's. */
  inspectorId: number | null;
}

export const inspectionsRepo = {
  one: async (on: Queryable, id: number) => (await on.query<InspectionRow>(`${SELECT} where i.id = $1 and i.removed_at is null`, [id]))[0],
  list: (on: Queryable, f: InspectionFilter) =>
    on.query<InspectionRow>(
      `${SELECT} where i.campaign_id = $1 and i.removed_at is null and ($2::text is null or i.unit_key = $2)
         and ($3::text[] is null or i.unit_key = any($3::text[])) and ($4::int is null or i.inspector_id = $4) order by i.visited_on desc, i.id desc`,
      [f.campaignId, f.unit, f.units, f.inspectorId],
    ),
  insert: async (on: Queryable, row: typeof inspections.$inferInsert) => (await on.db.insert(inspections).values(row).returning({ id: inspections.id }))[0],
  insertFinding: (on: Queryable, row: typeof inspectionFindings.$inferInsert) => on.db.insert(inspectionFindings).values(row),
  linkTask: (on: Queryable, findingId: number, taskId: number) => on.db.update(inspectionFindings).set({ taskId }).where(eq(inspectionFindings.id, findingId)),
  /**
   * Per unit of a campaign: visits, places, phone and undercover visits, findings.
   * Raw SQL: distinct and filtered counts over a join.
   */
  countsByUnit: (on: Queryable, campaignId: number) =>
    on.query<{ unitKey: string; visits: number; places: number; phone: number; undercover: number; findings: number }>(
      `select i.unit_key as "unitKey", count(distinct i.id)::int as visits, count(distinct i.place)::int as places,
              count(distinct i.id) filter (where i.kind = 'phone')::int as phone, count(distinct i.id) filter (where i.kind = 'undercover')::int as undercover,
              count(f.id)::int as findings
         from inspections i left join inspection_findings f on f.inspection_id = i.id where i.campaign_id = $1 and i.removed_at is null group by 1`,
      [campaignId],
    ),
};
