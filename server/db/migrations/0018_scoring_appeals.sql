CREATE TABLE "scoring_appeals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"rubric_id" uuid NOT NULL,
	"period" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"source" text NOT NULL,
	"source_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"evidence" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"filed_by" uuid NOT NULL,
	"filed_at" timestamp (3) with time zone NOT NULL,
	"action" text,
	"decision_reason" text,
	"decided_by" uuid,
	"decided_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "scoring_appeals" ADD CONSTRAINT "scoring_appeals_org_id_units_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_appeals" ADD CONSTRAINT "scoring_appeals_rubric_id_scoring_rubrics_id_fk" FOREIGN KEY ("rubric_id") REFERENCES "public"."scoring_rubrics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_appeals" ADD CONSTRAINT "scoring_appeals_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_appeals" ADD CONSTRAINT "scoring_appeals_filed_by_people_id_fk" FOREIGN KEY ("filed_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_appeals" ADD CONSTRAINT "scoring_appeals_decided_by_people_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "scoring_appeals_rubric_idx" ON "scoring_appeals" USING btree ("rubric_id","status");--> statement-breakpoint
CREATE INDEX "scoring_appeals_source_idx" ON "scoring_appeals" USING btree ("source_id");--> statement-breakpoint
CREATE UNIQUE INDEX "scoring_appeals_open_uq" ON "scoring_appeals" USING btree ("source_id") WHERE "scoring_appeals"."status" = 'pending';