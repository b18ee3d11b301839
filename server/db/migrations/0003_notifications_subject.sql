ALTER TABLE "notifications" DROP CONSTRAINT "notifications_submission_id_submissions_id_fk";
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "subject_type" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "subject_id" uuid;--> statement-breakpoint
UPDATE "notifications" SET "subject_type" = 'submission', "subject_id" = "submission_id" WHERE "submission_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" DROP COLUMN "submission_id";