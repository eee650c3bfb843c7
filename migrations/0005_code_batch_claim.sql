ALTER TABLE "code_batches" ADD COLUMN "claimed_by" text;--> statement-breakpoint
ALTER TABLE "code_batches" ADD COLUMN "claimed_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "code_batches" ADD COLUMN "claims" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "codes" ADD COLUMN "seq" integer;--> statement-breakpoint
CREATE UNIQUE INDEX "codes_batch_seq_idx" ON "codes" USING btree ("batch_id","seq");--> statement-breakpoint
ALTER TABLE "codes" ADD CONSTRAINT "codes_seq_positive" CHECK ("codes"."seq" >= 1);