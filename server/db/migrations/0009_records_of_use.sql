CREATE TABLE "outlet_channels" (
	"id" uuid PRIMARY KEY NOT NULL,
	"outlet_id" uuid NOT NULL,
	"name" text NOT NULL,
	"qualifies" boolean DEFAULT false NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outlets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"unit_id" uuid,
	"builtin_key" text,
	"name" text NOT NULL,
	"aliases" text[] DEFAULT '{}'::text[] NOT NULL,
	"tier" text NOT NULL,
	"central_main" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "record_evidence" (
	"id" uuid PRIMARY KEY NOT NULL,
	"submission_id" uuid NOT NULL,
	"record_id" uuid,
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
CREATE TABLE "record_revisions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"record_id" uuid NOT NULL,
	"action" text NOT NULL,
	"reason" text NOT NULL,
	"previous" jsonb NOT NULL,
	"by_id" uuid,
	"at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "records_of_use" (
	"id" uuid PRIMARY KEY NOT NULL,
	"submission_id" uuid,
	"unit_id" uuid NOT NULL,
	"work_key" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"kind" text NOT NULL,
	"used_on" date NOT NULL,
	"mode" text,
	"briefing_id" uuid,
	"briefing_label" text,
	"level" text,
	"outlet_id" uuid,
	"channel_id" uuid,
	"column_name" text,
	"url" text,
	"platform" text,
	"scope" text,
	"award_name" text,
	"person_id" uuid,
	"person_name" text,
	"evidence_url" text,
	"note" text,
	"title" text,
	"authors" text,
	"source" text NOT NULL,
	"source_ref" text,
	"status" text DEFAULT 'active' NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"rev" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "upper_levels" (
	"unit_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"rank" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outlet_channels" ADD CONSTRAINT "outlet_channels_outlet_id_outlets_id_fk" FOREIGN KEY ("outlet_id") REFERENCES "public"."outlets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outlets" ADD CONSTRAINT "outlets_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_evidence" ADD CONSTRAINT "record_evidence_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_evidence" ADD CONSTRAINT "record_evidence_record_id_records_of_use_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."records_of_use"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_evidence" ADD CONSTRAINT "record_evidence_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_revisions" ADD CONSTRAINT "record_revisions_record_id_records_of_use_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."records_of_use"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_revisions" ADD CONSTRAINT "record_revisions_by_id_people_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "records_of_use" ADD CONSTRAINT "records_of_use_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "records_of_use" ADD CONSTRAINT "records_of_use_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "records_of_use" ADD CONSTRAINT "records_of_use_outlet_id_outlets_id_fk" FOREIGN KEY ("outlet_id") REFERENCES "public"."outlets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "records_of_use" ADD CONSTRAINT "records_of_use_channel_id_outlet_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."outlet_channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "records_of_use" ADD CONSTRAINT "records_of_use_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "records_of_use" ADD CONSTRAINT "records_of_use_recorded_by_people_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upper_levels" ADD CONSTRAINT "upper_levels_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "outlet_channels_name_uq" ON "outlet_channels" USING btree ("outlet_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "outlets_builtin_key_uq" ON "outlets" USING btree ("builtin_key");--> statement-breakpoint
CREATE INDEX "outlets_unit_idx" ON "outlets" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "record_evidence_record_idx" ON "record_evidence" USING btree ("record_id");--> statement-breakpoint
CREATE INDEX "record_evidence_submission_idx" ON "record_evidence" USING btree ("submission_id");--> statement-breakpoint
CREATE INDEX "record_revisions_record_idx" ON "record_revisions" USING btree ("record_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "records_of_use_active_uq" ON "records_of_use" USING btree ("work_key","dedupe_key") WHERE "records_of_use"."status" = 'active';--> statement-breakpoint
CREATE INDEX "records_of_use_submission_idx" ON "records_of_use" USING btree ("submission_id");--> statement-breakpoint
CREATE INDEX "records_of_use_unit_date_idx" ON "records_of_use" USING btree ("unit_id","used_on");--> statement-breakpoint
CREATE UNIQUE INDEX "upper_levels_unit_code_uq" ON "upper_levels" USING btree ("unit_id","code");
--> statement-breakpoint
-- The seven central main media of seed 001 and their channels (built in; ids fixed, so the seed is idempotent).
INSERT INTO "outlets" ("id", "unit_id", "builtin_key", "name", "aliases", "tier", "central_main") VALUES ('fe150098-3f1e-4ff1-8232-581091a2712e', NULL, 'peoples_daily', '人民日报', ARRAY['人民网', '人民日报客户端', 'People''s Daily']::text[], 'central', true) ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "outlet_channels" ("id", "outlet_id", "name", "qualifies", "sort_order") VALUES ('35221269-df72-40c3-8259-8974e78713f3', 'fe150098-3f1e-4ff1-8232-581091a2712e', '主网首页', true, 0), ('a86dd573-20cd-4b60-8ce0-93d2de3cfb56', 'fe150098-3f1e-4ff1-8232-581091a2712e', '客户端推荐', true, 1), ('6112c40e-a342-4837-8a61-38e5b3ac224c', 'fe150098-3f1e-4ff1-8232-581091a2712e', '客户端热点', true, 2), ('30682b5f-f80a-483b-8b66-002a57eeb28b', 'fe150098-3f1e-4ff1-8232-581091a2712e', '客户端要文', true, 3), ('88bc853c-8789-479a-89a3-472dbce1908d', 'fe150098-3f1e-4ff1-8232-581091a2712e', '其他栏目', false, 4) ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "outlets" ("id", "unit_id", "builtin_key", "name", "aliases", "tier", "central_main") VALUES ('6436d4c6-53f4-4ab6-8d1d-7b2f3ed7f2ef', NULL, 'xinhua', '新华社', ARRAY['新华网', '新华社客户端', 'Xinhua']::text[], 'central', true) ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "outlet_channels" ("id", "outlet_id", "name", "qualifies", "sort_order") VALUES ('5c560983-2d09-4a4e-8f06-00995776be4f', '6436d4c6-53f4-4ab6-8d1d-7b2f3ed7f2ef', '主网首页', true, 0), ('15292fa8-f58b-4ddc-84d0-7640113bfe64', '6436d4c6-53f4-4ab6-8d1d-7b2f3ed7f2ef', '客户端推荐', true, 1), ('18bf8b0b-80dc-401e-815c-918ac7171b64', '6436d4c6-53f4-4ab6-8d1d-7b2f3ed7f2ef', '客户端热点', true, 2), ('d7f542ea-0908-484a-8f02-463e3eeca0b5', '6436d4c6-53f4-4ab6-8d1d-7b2f3ed7f2ef', '客户端要文', true, 3), ('e1b3b8dd-09cb-45b9-8c7c-5769f362b275', '6436d4c6-53f4-4ab6-8d1d-7b2f3ed7f2ef', '其他栏目', false, 4) ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "outlets" ("id", "unit_id", "builtin_key", "name", "aliases", "tier", "central_main") VALUES ('16762e97-c39e-4762-8a67-25e35ea779df', NULL, 'qiushi', '求是', ARRAY['求是网', 'Qiushi']::text[], 'central', true) ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "outlet_channels" ("id", "outlet_id", "name", "qualifies", "sort_order") VALUES ('41c3ed96-b1e4-43e9-8ef9-55d46ee7a831', '16762e97-c39e-4762-8a67-25e35ea779df', '主网首页', true, 0), ('6f07e9a6-349a-4c67-8373-96212d397499', '16762e97-c39e-4762-8a67-25e35ea779df', '客户端推荐', true, 1), ('0f2ca436-0e0c-4d52-8372-e394adbdb783', '16762e97-c39e-4762-8a67-25e35ea779df', '客户端热点', true, 2), ('65397702-05e5-4b86-8cdc-675b584165df', '16762e97-c39e-4762-8a67-25e35ea779df', '客户端要文', true, 3), ('be818aac-26dd-4921-8cbb-7469cba9ec3f', '16762e97-c39e-4762-8a67-25e35ea779df', '其他栏目', false, 4) ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "outlets" ("id", "unit_id", "builtin_key", "name", "aliases", "tier", "central_main") VALUES ('d63cf9c9-6616-4e11-832d-50269bb858e6', NULL, 'cmg', '央视总台', ARRAY['中央广播电视总台', '央视', '央视新闻', 'CCTV', 'CMG']::text[], 'central', true) ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "outlet_channels" ("id", "outlet_id", "name", "qualifies", "sort_order") VALUES ('8fa5d790-856b-4cfd-8f2c-d0c388c4194b', 'd63cf9c9-6616-4e11-832d-50269bb858e6', '主网首页', true, 0), ('17b4241e-2191-4a07-8e15-f2bedb60f6e9', 'd63cf9c9-6616-4e11-832d-50269bb858e6', '客户端推荐', true, 1), ('feb8174a-0368-4900-866e-ba191ba7804f', 'd63cf9c9-6616-4e11-832d-50269bb858e6', '客户端热点', true, 2), ('016846a4-95a2-4e81-8796-037b93f955de', 'd63cf9c9-6616-4e11-832d-50269bb858e6', '客户端要文', true, 3), ('1c7eca98-f2a0-4462-8c48-52625ea2605e', 'd63cf9c9-6616-4e11-832d-50269bb858e6', '其他栏目', false, 4) ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "outlets" ("id", "unit_id", "builtin_key", "name", "aliases", "tier", "central_main") VALUES ('62677bad-b0f3-46bd-86b6-97ad4c2b9c99', NULL, 'guangming', '光明日报', ARRAY['光明网', 'Guangming Daily']::text[], 'central', true) ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "outlet_channels" ("id", "outlet_id", "name", "qualifies", "sort_order") VALUES ('ffc9b3d9-9152-4356-88c1-3cd9500f08f3', '62677bad-b0f3-46bd-86b6-97ad4c2b9c99', '主网首页', true, 0), ('b017de79-635d-467c-814a-f6e96efe72c5', '62677bad-b0f3-46bd-86b6-97ad4c2b9c99', '客户端推荐', true, 1), ('6109fa5b-bd7a-428d-8c2e-3550764c2261', '62677bad-b0f3-46bd-86b6-97ad4c2b9c99', '客户端热点', true, 2), ('808cd53c-c9fd-41c3-890c-9712a9b24e9a', '62677bad-b0f3-46bd-86b6-97ad4c2b9c99', '客户端要文', true, 3), ('39237f41-06e5-4a97-8ddb-3079004bbafb', '62677bad-b0f3-46bd-86b6-97ad4c2b9c99', '其他栏目', false, 4) ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "outlets" ("id", "unit_id", "builtin_key", "name", "aliases", "tier", "central_main") VALUES ('a6e94d72-b491-43e6-8e51-a3358b880899', NULL, 'economic_daily', '经济日报', ARRAY['中国经济网', 'Economic Daily']::text[], 'central', true) ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "outlet_channels" ("id", "outlet_id", "name", "qualifies", "sort_order") VALUES ('1e1cc084-c2a9-4c1b-8146-0c944b28ce31', 'a6e94d72-b491-43e6-8e51-a3358b880899', '主网首页', true, 0), ('a4b420c9-3fac-43d1-8508-c00e41f2a527', 'a6e94d72-b491-43e6-8e51-a3358b880899', '客户端推荐', true, 1), ('18fb30c5-d43a-493e-8595-55c3361ec0a8', 'a6e94d72-b491-43e6-8e51-a3358b880899', '客户端热点', true, 2), ('c666be17-66f7-4b4e-816e-66203c5f1c85', 'a6e94d72-b491-43e6-8e51-a3358b880899', '客户端要文', true, 3), ('6f7b0adc-b57d-4f46-8f38-57bcafb825a3', 'a6e94d72-b491-43e6-8e51-a3358b880899', '其他栏目', false, 4) ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "outlets" ("id", "unit_id", "builtin_key", "name", "aliases", "tier", "central_main") VALUES ('db94a67a-b959-41e3-89a1-dfa4b7a32264', NULL, 'xuexi', '学习强国', ARRAY['学习强国平台', 'Xuexi Qiangguo']::text[], 'central', true) ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "outlet_channels" ("id", "outlet_id", "name", "qualifies", "sort_order") VALUES ('a9924bfc-d67a-48ea-882f-073f577072fd', 'db94a67a-b959-41e3-89a1-dfa4b7a32264', '主网首页', true, 0), ('56e20eda-3ada-4343-8cdc-06b966ab21fa', 'db94a67a-b959-41e3-89a1-dfa4b7a32264', '客户端推荐', true, 1), ('26998228-aca4-4656-8e4c-51a5e21a37ab', 'db94a67a-b959-41e3-89a1-dfa4b7a32264', '客户端热点', true, 2), ('255440a6-bc9e-4f88-8ca7-fc7e1cb26e26', 'db94a67a-b959-41e3-89a1-dfa4b7a32264', '客户端要文', true, 3), ('a181d18c-e548-4c99-8fed-d2cc84e88e79', 'db94a67a-b959-41e3-89a1-dfa4b7a32264', '其他栏目', false, 4) ON CONFLICT DO NOTHING;
