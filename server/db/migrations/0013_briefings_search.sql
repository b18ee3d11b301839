ALTER TABLE "briefing_issues" ADD COLUMN "search_vector" "tsvector";--> statement-breakpoint
CREATE INDEX "briefing_issues_search_idx" ON "briefing_issues" USING gin ("search_vector");