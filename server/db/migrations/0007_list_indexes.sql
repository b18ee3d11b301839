DROP INDEX "submissions_unit_idx";--> statement-breakpoint
DROP INDEX "submissions_status_idx";--> statement-breakpoint
DROP INDEX "submissions_queue_idx";--> statement-breakpoint
DROP INDEX "submissions_creator_idx";--> statement-breakpoint
CREATE INDEX "submissions_creator_updated_idx" ON "submissions" USING btree ("created_by","updated_at","id");--> statement-breakpoint
CREATE INDEX "submissions_unit_updated_idx" ON "submissions" USING btree ("unit_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "submissions_status_updated_idx" ON "submissions" USING btree ("status","updated_at","id");--> statement-breakpoint
CREATE INDEX "submissions_updated_idx" ON "submissions" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "submissions_queue_held_idx" ON "submissions" USING btree ("held_since","id") WHERE "submissions"."status" in ('unit_approval', 'in_review', 'sensitive_approval');