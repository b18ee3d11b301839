CREATE TABLE "briefing_issues" (
	"id" uuid PRIMARY KEY NOT NULL,
	"series_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"supplement" boolean DEFAULT false NOT NULL,
	"kind" text DEFAULT 'comprehensive' NOT NULL,
	"restricted" boolean DEFAULT false NOT NULL,
	"editor_note" text DEFAULT '' NOT NULL,
	"copies" integer DEFAULT 0 NOT NULL,
	"year" integer,
	"number" integer,
	"issue_date" text,
	"document_number" text,
	"snapshot" jsonb,
	"search_text" text DEFAULT '' NOT NULL,
	"created_by" uuid NOT NULL,
	"published_by" uuid,
	"published_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"rev" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "briefing_items" (
	"issue_id" uuid NOT NULL,
	"submission_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	"edited_by" uuid,
	"edited_at" timestamp (3) with time zone,
	CONSTRAINT "briefing_items_issue_id_submission_id_pk" PRIMARY KEY("issue_id","submission_id")
);
--> statement-breakpoint
CREATE TABLE "briefing_reads" (
	"issue_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"first_at" timestamp (3) with time zone NOT NULL,
	"last_at" timestamp (3) with time zone NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "briefing_reads_issue_id_person_id_pk" PRIMARY KEY("issue_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "briefing_recipients" (
	"id" uuid PRIMARY KEY NOT NULL,
	"issue_id" uuid NOT NULL,
	"part" text NOT NULL,
	"position" integer NOT NULL,
	"unit_id" uuid,
	"person_id" uuid,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "briefing_series" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"type" text NOT NULL,
	"masthead_name" text NOT NULL,
	"issuer_name" text NOT NULL,
	"document_prefix" text,
	"restricted_mark" text DEFAULT '内部资料 注意保存' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "briefing_issues" ADD CONSTRAINT "briefing_issues_series_id_briefing_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."briefing_series"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "briefing_issues" ADD CONSTRAINT "briefing_issues_org_id_units_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "briefing_issues" ADD CONSTRAINT "briefing_issues_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "briefing_issues" ADD CONSTRAINT "briefing_issues_published_by_people_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "briefing_items" ADD CONSTRAINT "briefing_items_issue_id_briefing_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."briefing_issues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "briefing_items" ADD CONSTRAINT "briefing_items_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "briefing_items" ADD CONSTRAINT "briefing_items_edited_by_people_id_fk" FOREIGN KEY ("edited_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "briefing_reads" ADD CONSTRAINT "briefing_reads_issue_id_briefing_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."briefing_issues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "briefing_reads" ADD CONSTRAINT "briefing_reads_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "briefing_recipients" ADD CONSTRAINT "briefing_recipients_issue_id_briefing_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."briefing_issues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "briefing_recipients" ADD CONSTRAINT "briefing_recipients_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "briefing_recipients" ADD CONSTRAINT "briefing_recipients_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "briefing_series" ADD CONSTRAINT "briefing_series_org_id_units_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "briefing_series" ADD CONSTRAINT "briefing_series_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "briefing_issues_number_uq" ON "briefing_issues" USING btree ("series_id","year","supplement","number") WHERE "briefing_issues"."number" is not null;--> statement-breakpoint
CREATE INDEX "briefing_issues_org_idx" ON "briefing_issues" USING btree ("org_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "briefing_items_submission_idx" ON "briefing_items" USING btree ("submission_id");--> statement-breakpoint
CREATE INDEX "briefing_recipients_issue_idx" ON "briefing_recipients" USING btree ("issue_id");--> statement-breakpoint
CREATE INDEX "briefing_recipients_person_idx" ON "briefing_recipients" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "briefing_recipients_unit_idx" ON "briefing_recipients" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "briefing_series_org_idx" ON "briefing_series" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "briefing_series_org_name_uq" ON "briefing_series" USING btree ("org_id","masthead_name");