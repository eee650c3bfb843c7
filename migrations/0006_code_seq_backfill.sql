-- Custom (hand-written): number the codes already stored within their batch,
-- in the order they were inserted, before seq becomes NOT NULL. A batch that an
-- earlier double fill left larger than its size now says so in "generated"
-- (its extra codes carry seq > size; an operator decides whether to void them).
UPDATE "codes" c SET "seq" = n.rn
  FROM (SELECT "id", row_number() OVER (PARTITION BY "batch_id" ORDER BY "id") AS rn FROM "codes") n
 WHERE c."id" = n."id" AND c."seq" IS NULL;--> statement-breakpoint
UPDATE "code_batches" b SET "generated" = (SELECT count(*) FROM "codes" c WHERE c."batch_id" = b."id")
 WHERE "generated" <> (SELECT count(*) FROM "codes" c WHERE c."batch_id" = b."id");
