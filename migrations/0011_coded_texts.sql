-- Texts the server wrote into records as mixed Chinese/English sentences become
-- a code with parameters (shared/src/contracts/coded-text.ts), rendered in the
-- reader's language. Only rows that match what the server wrote, exactly, are
-- converted; anything else (typed by a person) stays as it is.
ALTER TABLE "tasks" ALTER COLUMN "description" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "description_code" jsonb;--> statement-breakpoint
ALTER TABLE "task_events" ADD COLUMN "note_code" jsonb;--> statement-breakpoint
UPDATE "tasks" t SET "description" = NULL,
  "description_code" = jsonb_build_object('code', 'PROBLEM_SHARE', 'params', jsonb_build_object('problem', t.source_ref, 'problemLabel', x.m[3], 'share', x.m[1], 'count', x.m[2]::int))
  FROM (SELECT id, regexp_match(description, '^([0-9]+(?:\.[0-9]+)?)% 的有效问卷（([0-9]+) 份）勾选了“(.*)”。 \1% of valid ballots \(\2\) ticked "\3"\.$') AS m FROM "tasks" WHERE source = 'problem') x
  WHERE x.id = t.id AND x.m IS NOT NULL AND t.source_ref IS NOT NULL;--> statement-breakpoint
UPDATE "tasks" t SET "description" = NULL,
  "description_code" = jsonb_build_object('code', 'INSPECTION_FINDING', 'params', jsonb_build_object('inspection', i.id, 'visitedOn', i.visited_on::text, 'kind', i.kind, 'place', i.place, 'finding', f.description))
  FROM "inspection_findings" f JOIN "inspections" i ON i.id = f.inspection_id
  WHERE f.task_id = t.id AND t.source = 'inspection'
    AND t.description = i.visited_on::text || ' ' || coalesce(i.place, '') || '（' || i.kind || '）：' || f.description;--> statement-breakpoint
UPDATE "task_events" SET "note" = NULL,
  "note_code" = jsonb_build_object('code', 'FROM_PROBLEMS', 'params', jsonb_build_object('threshold', trim_scale(round(substring(note from '^threshold ([0-9]+(?:\.[0-9]+)?)$')::numeric * 100, 2))::text))
  WHERE action = 'created' AND note ~ '^threshold [0-9]+(\.[0-9]+)?$';--> statement-breakpoint
UPDATE "task_events" SET "note" = NULL,
  "note_code" = jsonb_build_object('code', 'FROM_INSPECTION', 'params', jsonb_build_object('inspection', substring(note from '^inspection #([0-9]+)$')::int))
  WHERE action = 'created' AND note ~ '^inspection #[0-9]+$';--> statement-breakpoint
UPDATE "task_events" SET "note" = NULL,
  "note_code" = jsonb_build_object('code', 'DEADLINE_PASSED', 'params', jsonb_build_object('day', substring(note from '^deadline passed \(([0-9]{4}-[0-9]{2}-[0-9]{2})\)$')))
  WHERE action = 'overdue' AND note ~ '^deadline passed \([0-9]{4}-[0-9]{2}-[0-9]{2}\)$';--> statement-breakpoint
UPDATE "task_events" SET "note" = NULL, "note_code" = jsonb_build_object('code', 'REMINDED', 'params', jsonb_build_object('kind', note))
  WHERE action = 'reminded' AND note IN ('overdue', 'due-soon');--> statement-breakpoint
ALTER TABLE "reminder_outbox" ADD COLUMN "message_code" jsonb;--> statement-breakpoint
UPDATE "reminder_outbox" r SET "message_code" = jsonb_build_object('code', CASE r.kind WHEN 'overdue' THEN 'REMINDER_OVERDUE' ELSE 'REMINDER_DUE_SOON' END, 'params', jsonb_build_object('title', t.title, 'deadline', t.deadline::text))
  FROM "tasks" t WHERE t.id = r.task_id;--> statement-breakpoint
ALTER TABLE "reminder_outbox" DROP COLUMN "message";--> statement-breakpoint
ALTER TABLE "reminder_outbox" RENAME COLUMN "message_code" TO "message";--> statement-breakpoint
ALTER TABLE "reminder_outbox" ALTER COLUMN "message" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_description_check" CHECK ("tasks"."description" is not null or "tasks"."description_code" is not null);
