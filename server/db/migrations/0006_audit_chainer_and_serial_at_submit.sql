DROP INDEX "submissions_serial_uq";--> statement-breakpoint
ALTER TABLE "audit_log" DROP CONSTRAINT "audit_log_pkey";--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "seq" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "prev_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "submissions" ALTER COLUMN "serial" DROP NOT NULL;--> statement-breakpoint
-- Rows already in the log are all chained; their id only has to be unique (a column added with a
-- default fills existing rows without firing the append-only trigger). New ids come from the app.
ALTER TABLE "audit_log" ADD COLUMN "id" uuid DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "audit_log" ADD PRIMARY KEY ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_seq_uq" ON "audit_log" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "audit_pending_idx" ON "audit_log" USING btree ("id") WHERE "audit_log"."seq" is null;--> statement-breakpoint
CREATE INDEX "submissions_serial_idx" ON "submissions" USING btree ("serial");--> statement-breakpoint
-- A row is either pending (no place, no hashes) or chained (all three).
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_chained_whole" CHECK ((seq IS NULL) = (hash IS NULL) AND (seq IS NULL) = (prev_hash IS NULL));--> statement-breakpoint
-- Append-only, with one exception: the chainer gives a pending row its place and hashes, once,
-- changing nothing else. Chained rows can never be updated.
CREATE OR REPLACE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'TRUNCATE') AND current_setting('xuanbao.audit_purge', true) = 'on' THEN
    RETURN OLD;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND OLD.hash IS NULL AND OLD.prev_hash IS NULL
     AND NEW.seq IS NOT NULL AND NEW.hash IS NOT NULL AND NEW.prev_hash IS NOT NULL
     AND ROW(NEW.id, NEW.at, NEW.actor_id, NEW.actor_login, NEW.event, NEW.outcome, NEW.target_type, NEW.target_id, NEW.ip, NEW.details)
         IS NOT DISTINCT FROM ROW(OLD.id, OLD.at, OLD.actor_id, OLD.actor_login, OLD.event, OLD.outcome, OLD.target_type, OLD.target_id, OLD.ip, OLD.details) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only (%)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
-- Serials are now numbered per organisation (top-level unit) and year. Continue each organisation's
-- numbering after the highest serial it already has, so no number is given twice.
INSERT INTO counters (key, value)
SELECT 'submission:' || split_part(u.path, '/', 2) || ':' || left(s.serial, 4), max(substr(s.serial, 6)::int)
FROM submissions s JOIN units u ON u.id = s.unit_id
WHERE s.serial ~ '^[0-9]{4}-[0-9]+$'
GROUP BY 1
ON CONFLICT (key) DO UPDATE SET value = greatest(counters.value, excluded.value);
