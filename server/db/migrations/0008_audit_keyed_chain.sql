CREATE TABLE "audit_refusals" (
	"source" text NOT NULL,
	"minute" timestamp (3) with time zone NOT NULL,
	"ip" text,
	"actor_id" uuid,
	"actor_login" text,
	"first_at" timestamp (3) with time zone NOT NULL,
	"last_at" timestamp (3) with time zone NOT NULL,
	"count" integer NOT NULL,
	"details" jsonb NOT NULL,
	CONSTRAINT "audit_refusals_source_minute_pk" PRIMARY KEY("source","minute")
);
--> statement-breakpoint
ALTER TABLE "audit_anchor" ADD COLUMN "mac" text;--> statement-breakpoint
-- Rows chained before this migration keep their plain SHA-256 hashes: version 1 (a column added with a
-- default fills existing rows without firing the append-only trigger). The chainer writes version 2.
ALTER TABLE "audit_log" ADD COLUMN "chain_version" smallint DEFAULT 1;--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "chain_version" DROP DEFAULT;--> statement-breakpoint
CREATE INDEX "audit_refusals_minute_idx" ON "audit_refusals" USING btree ("minute");--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_chain_version" CHECK (seq IS NULL OR chain_version IN (1, 2));--> statement-breakpoint
-- Append-only. UPDATE: only the chaining of a pending row (place and hashes, nothing else changed).
-- DELETE and TRUNCATE: only with the transaction-local flag xuanbao.audit_purge = 'on' AND when the
-- statement runs with the rights of the table's owner (or a superuser): inside audit_purge() below
-- (SECURITY DEFINER), or a restore / demo reset run by the owner. A restricted application role
-- (xuanbao_grant_app_role) has no UPDATE/DELETE/TRUNCATE privilege on the log at all; setting the flag
-- gives it nothing.
CREATE OR REPLACE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'TRUNCATE') AND current_setting('xuanbao.audit_purge', true) = 'on'
     AND (current_user = (SELECT pg_get_userbyid(c.relowner) FROM pg_class c WHERE c.oid = TG_RELID)
          OR (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = current_user)) THEN
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
-- The anchor table is written only by audit_purge(); the same guard keeps its rows fixed.
CREATE OR REPLACE FUNCTION audit_anchor_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'TRUNCATE') AND current_setting('xuanbao.audit_purge', true) = 'on'
     AND (current_user = (SELECT pg_get_userbyid(c.relowner) FROM pg_class c WHERE c.oid = TG_RELID)
          OR (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = current_user)) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_anchor is append-only (%)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER audit_anchor_no_update BEFORE UPDATE OR DELETE ON audit_anchor FOR EACH ROW EXECUTE FUNCTION audit_anchor_guard();--> statement-breakpoint
CREATE TRIGGER audit_anchor_no_truncate BEFORE TRUNCATE ON audit_anchor FOR EACH STATEMENT EXECUTE FUNCTION audit_anchor_guard();--> statement-breakpoint
-- The chainer gives pending rows their place through this function (runs with the owner's rights),
-- so a restricted application role needs no UPDATE privilege on the log. p_rows: [{id, seq,
-- prev_hash, hash, chain_version}]. Only pending rows are touched; the guard checks the rest.
CREATE OR REPLACE FUNCTION audit_chain(p_rows jsonb) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE n integer;
BEGIN
  UPDATE public.audit_log a SET seq = v.seq, prev_hash = v.prev_hash, hash = v.hash, chain_version = v.chain_version
  FROM jsonb_to_recordset(p_rows) AS v(id uuid, seq bigint, prev_hash text, hash text, chain_version smallint)
  WHERE a.id = v.id AND a.seq IS NULL;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END;
$$;--> statement-breakpoint
-- The retention purge: deletes the chained rows up to p_through and records the anchor the chain now
-- starts from. Refuses unless every row it would delete is older than 184 days (the legal minimum) by
-- the DATABASE's clock, whatever the caller says; the configured retention (longer or equal) is the
-- application's choice of p_through. p_mac is the anchor's HMAC (the database cannot check it: the
-- key is not in the database; `xuanbao audit verify` does).
CREATE OR REPLACE FUNCTION audit_purge(p_through bigint, p_purged_at timestamptz, p_mac text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE last_hash text; n integer;
BEGIN
  PERFORM pg_advisory_xact_lock(727275);
  SELECT a.hash INTO last_hash FROM public.audit_log a WHERE a.seq = p_through;
  IF last_hash IS NULL THEN
    RAISE EXCEPTION 'audit_purge: no chained row %', p_through USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF EXISTS (SELECT 1 FROM public.audit_log a WHERE a.seq <= p_through AND a.at >= now() - interval '184 days') THEN
    RAISE EXCEPTION 'audit_purge: rows up to % are not all older than 184 days', p_through USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM set_config('xuanbao.audit_purge', 'on', true);
  DELETE FROM public.audit_log a WHERE a.seq <= p_through;
  GET DIAGNOSTICS n = ROW_COUNT;
  PERFORM set_config('xuanbao.audit_purge', 'off', true);
  INSERT INTO public.audit_anchor (seq, prev_hash, purged_at, mac) VALUES (p_through + 1, last_hash, p_purged_at, p_mac);
  RETURN n;
END;
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION audit_chain(jsonb) FROM PUBLIC;--> statement-breakpoint
REVOKE ALL ON FUNCTION audit_purge(bigint, timestamptz, text) FROM PUBLIC;--> statement-breakpoint
-- For operators (README, "A restricted database role"): run as the owner of the tables, after
-- `CREATE ROLE <name> LOGIN PASSWORD '…'` as a superuser. The role may then run the application:
-- every table, except the audit log (SELECT, INSERT only) and the anchors (SELECT only); chaining and
-- purging through the two functions above. Migrations, restore and demo --reset stay with the owner.
CREATE OR REPLACE FUNCTION xuanbao_grant_app_role(p_role name) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', p_role);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', p_role);
  EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', p_role);
  EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON public.audit_log FROM %I', p_role);
  EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON public.audit_anchor FROM %I', p_role);
  EXECUTE format('GRANT EXECUTE ON FUNCTION public.audit_chain(jsonb), public.audit_purge(bigint, timestamptz, text) TO %I', p_role);
  -- The app checks at start that the schema is current (drizzle's journal): its CREATE … IF NOT EXISTS
  -- statements need CREATE on the database and on the journal's schema (nothing of the log's).
  EXECUTE format('GRANT CREATE ON DATABASE %I TO %I', current_database(), p_role);
  IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'drizzle') THEN
    EXECUTE format('GRANT USAGE, CREATE ON SCHEMA drizzle TO %I', p_role);
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA drizzle TO %I', p_role);
  END IF;
END;
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION xuanbao_grant_app_role(name) FROM PUBLIC;
