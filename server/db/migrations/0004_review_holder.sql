ALTER TABLE "submissions" ADD COLUMN "held_step" text;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "held_step_name" text;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "held_roles" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "held_people" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
CREATE INDEX "submissions_queue_idx" ON "submissions" USING btree ("status","held_since");--> statement-breakpoint
-- Backfill: the holder of every item in review, as stages.ts whoHolds computes it.
UPDATE "submissions" SET
  "held_step" = CASE "status" WHEN 'unit_approval' THEN 'unit' WHEN 'sensitive_approval' THEN 'sensitive' ELSE "chain"->'stages'->"stage_index"->>'key' END,
  "held_step_name" = CASE "status" WHEN 'unit_approval' THEN '单位审批' WHEN 'sensitive_approval' THEN '敏感内容审批' ELSE "chain"->'stages'->"stage_index"->>'name' END,
  "held_roles" = CASE "status"
    WHEN 'unit_approval' THEN ARRAY['unit_approver']::text[]
    WHEN 'sensitive_approval' THEN ARRAY(SELECT jsonb_array_elements_text(COALESCE("chain"->'sensitiveApproval'->'roles', '[]'::jsonb)))
    ELSE ARRAY(SELECT jsonb_array_elements_text(COALESCE("chain"->'stages'->"stage_index"->'holder'->'roles', '[]'::jsonb))) END,
  "held_people" = CASE "status"
    WHEN 'unit_approval' THEN '{}'::uuid[]
    WHEN 'sensitive_approval' THEN ARRAY(SELECT jsonb_array_elements_text(COALESCE("chain"->'sensitiveApproval'->'people', '[]'::jsonb))::uuid)
    ELSE ARRAY(SELECT jsonb_array_elements_text(COALESCE("chain"->'stages'->"stage_index"->'holder'->'people', '[]'::jsonb))::uuid) END
WHERE "status" IN ('unit_approval', 'in_review', 'sensitive_approval') AND "chain" IS NOT NULL;
