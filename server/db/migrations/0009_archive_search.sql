ALTER TABLE "submissions" ADD COLUMN "search_vector" "tsvector";--> statement-breakpoint
CREATE INDEX "submissions_search_idx" ON "submissions" USING gin ("search_vector");