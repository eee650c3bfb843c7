ALTER TABLE "ballots" ADD COLUMN "idempotency_hash" "bytea";--> statement-breakpoint
ALTER TABLE "ballots" ADD COLUMN "receipt_sealed" "bytea";