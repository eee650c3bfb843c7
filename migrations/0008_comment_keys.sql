ALTER TABLE "followup_contacts" ALTER COLUMN "ballot_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "followup_contacts" ADD COLUMN "comment_key" text;--> statement-breakpoint
ALTER TABLE "followup_contacts" ADD CONSTRAINT "followup_contacts_comment_key_unique" UNIQUE("comment_key");