-- The audit log is append-only: no UPDATE ever; DELETE and TRUNCATE only by the retention purge and
-- by a full restore, which set the transaction-local flag xuanbao.audit_purge = 'on'.
CREATE OR REPLACE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'TRUNCATE') AND current_setting('xuanbao.audit_purge', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only (%)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_guard();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard();
--> statement-breakpoint
INSERT INTO unit_types (key, name_zh, name_en, sort_order) VALUES
  ('office', '机关/办公室', 'Office', 10),
  ('bureau', '局/机关', 'Bureau', 20),
  ('department', '内设部门', 'Department', 30),
  ('brigade', '大队', 'Brigade', 40),
  ('police_station', '派出所', 'Police station', 50),
  ('detention_center', '监管场所', 'Detention centre', 60),
  ('member_unit', '成员单位', 'Member unit', 70),
  ('township', '乡镇街道', 'Township', 80)
ON CONFLICT (key) DO NOTHING;
