CREATE TABLE "scoring_ledger_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"person_id" uuid,
	"kind" text NOT NULL,
	"occurred_on" date NOT NULL,
	"month" text,
	"attrs" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"note" text,
	"evidence_url" text,
	"external_code" text,
	"status" text DEFAULT 'active' NOT NULL,
	"withdraw_reason" text,
	"withdrawn_by" uuid,
	"withdrawn_at" timestamp (3) with time zone,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"rev" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scoring_ledger_evidence" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"entry_id" uuid,
	"sha256" text NOT NULL,
	"filename" text NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"file_kind" text NOT NULL,
	"thumb_sha256" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "scoring_ledger_revisions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"entry_id" uuid NOT NULL,
	"action" text NOT NULL,
	"reason" text NOT NULL,
	"previous" jsonb NOT NULL,
	"by_id" uuid,
	"at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scoring_rubric_versions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"rubric_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"yaml" text NOT NULL,
	"body" jsonb,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"adopted_at" timestamp (3) with time zone,
	"adopted_by" uuid
);
--> statement-breakpoint
CREATE TABLE "scoring_rubrics" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"name" text NOT NULL,
	"template" text,
	"current_version_id" uuid,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "scoring_ledger_entries" ADD CONSTRAINT "scoring_ledger_entries_org_id_units_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_ledger_entries" ADD CONSTRAINT "scoring_ledger_entries_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_ledger_entries" ADD CONSTRAINT "scoring_ledger_entries_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_ledger_entries" ADD CONSTRAINT "scoring_ledger_entries_withdrawn_by_people_id_fk" FOREIGN KEY ("withdrawn_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_ledger_entries" ADD CONSTRAINT "scoring_ledger_entries_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_ledger_evidence" ADD CONSTRAINT "scoring_ledger_evidence_org_id_units_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_ledger_evidence" ADD CONSTRAINT "scoring_ledger_evidence_entry_id_scoring_ledger_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."scoring_ledger_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_ledger_evidence" ADD CONSTRAINT "scoring_ledger_evidence_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_ledger_revisions" ADD CONSTRAINT "scoring_ledger_revisions_entry_id_scoring_ledger_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."scoring_ledger_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_ledger_revisions" ADD CONSTRAINT "scoring_ledger_revisions_by_id_people_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_rubric_versions" ADD CONSTRAINT "scoring_rubric_versions_rubric_id_scoring_rubrics_id_fk" FOREIGN KEY ("rubric_id") REFERENCES "public"."scoring_rubrics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_rubric_versions" ADD CONSTRAINT "scoring_rubric_versions_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_rubric_versions" ADD CONSTRAINT "scoring_rubric_versions_adopted_by_people_id_fk" FOREIGN KEY ("adopted_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_rubrics" ADD CONSTRAINT "scoring_rubrics_org_id_units_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_rubrics" ADD CONSTRAINT "scoring_rubrics_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_rubrics" ADD CONSTRAINT "scoring_rubrics_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "scoring_ledger_external_code_uq" ON "scoring_ledger_entries" USING btree ("org_id","external_code") WHERE "scoring_ledger_entries"."external_code" is not null;--> statement-breakpoint
CREATE INDEX "scoring_ledger_org_date_idx" ON "scoring_ledger_entries" USING btree ("org_id","occurred_on");--> statement-breakpoint
CREATE INDEX "scoring_ledger_unit_idx" ON "scoring_ledger_entries" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "scoring_ledger_evidence_entry_idx" ON "scoring_ledger_evidence" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "scoring_ledger_revisions_entry_idx" ON "scoring_ledger_revisions" USING btree ("entry_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "scoring_rubric_versions_number_uq" ON "scoring_rubric_versions" USING btree ("rubric_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "scoring_rubric_versions_draft_uq" ON "scoring_rubric_versions" USING btree ("rubric_id") WHERE "scoring_rubric_versions"."adopted_at" is null;--> statement-breakpoint
CREATE INDEX "scoring_rubrics_org_idx" ON "scoring_rubrics" USING btree ("org_id");