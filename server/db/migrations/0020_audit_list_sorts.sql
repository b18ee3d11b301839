DROP INDEX "audit_event_idx";--> statement-breakpoint
CREATE INDEX "audit_event_id_idx" ON "audit_log" USING btree ("event","id");--> statement-breakpoint
CREATE INDEX "audit_actor_login_idx" ON "audit_log" USING btree ("actor_login","id");--> statement-breakpoint
CREATE INDEX "audit_outcome_idx" ON "audit_log" USING btree ("outcome","id");--> statement-breakpoint
CREATE INDEX "audit_ip_idx" ON "audit_log" USING btree ("ip","id");