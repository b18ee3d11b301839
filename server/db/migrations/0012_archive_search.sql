ALTER TABLE "submissions" ADD COLUMN "search_vector" "tsvector";--> statement-breakpoint
CREATE INDEX "submissions_search_idx" ON "submissions" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "submissions_archive_date_idx" ON "submissions" USING btree ("submitted_at","id") WHERE "submissions"."search_vector" is not null;