CREATE TABLE "org_links" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"upper_org_id" uuid NOT NULL,
	"upper_level" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "submission_forwards" (
	"id" uuid PRIMARY KEY NOT NULL,
	"original_id" uuid NOT NULL,
	"forwarded_id" uuid NOT NULL,
	"from_org_id" uuid NOT NULL,
	"upper_org_id" uuid NOT NULL,
	"upper_level" text,
	"forwarded_by" uuid NOT NULL,
	"forwarded_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "forwarded_from" uuid;--> statement-breakpoint
ALTER TABLE "org_links" ADD CONSTRAINT "org_links_org_id_units_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_links" ADD CONSTRAINT "org_links_upper_org_id_units_id_fk" FOREIGN KEY ("upper_org_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submission_forwards" ADD CONSTRAINT "submission_forwards_original_id_submissions_id_fk" FOREIGN KEY ("original_id") REFERENCES "public"."submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submission_forwards" ADD CONSTRAINT "submission_forwards_forwarded_id_submissions_id_fk" FOREIGN KEY ("forwarded_id") REFERENCES "public"."submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submission_forwards" ADD CONSTRAINT "submission_forwards_from_org_id_units_id_fk" FOREIGN KEY ("from_org_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submission_forwards" ADD CONSTRAINT "submission_forwards_upper_org_id_units_id_fk" FOREIGN KEY ("upper_org_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submission_forwards" ADD CONSTRAINT "submission_forwards_forwarded_by_people_id_fk" FOREIGN KEY ("forwarded_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "org_links_upper_idx" ON "org_links" USING btree ("upper_org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "submission_forwards_once_uq" ON "submission_forwards" USING btree ("original_id","upper_org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "submission_forwards_forwarded_uq" ON "submission_forwards" USING btree ("forwarded_id");