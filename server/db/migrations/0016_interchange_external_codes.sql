ALTER TABLE "review_events" ALTER COLUMN "by_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "external_code" text;--> statement-breakpoint
ALTER TABLE "units" ADD COLUMN "external_code" text;--> statement-breakpoint
ALTER TABLE "records_of_use" ADD COLUMN "external_code" text;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "external_code" text;--> statement-breakpoint
CREATE INDEX "people_external_code_idx" ON "people" USING btree ("external_code");--> statement-breakpoint
CREATE UNIQUE INDEX "units_external_code_uq" ON "units" USING btree (split_part("path", '/', 2),"external_code") WHERE "units"."external_code" is not null;--> statement-breakpoint
CREATE INDEX "records_of_use_external_code_idx" ON "records_of_use" USING btree ("external_code");--> statement-breakpoint
CREATE INDEX "submissions_external_code_idx" ON "submissions" USING btree ("external_code");