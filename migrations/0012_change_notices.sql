-- Each api process keeps a few reads in memory (who a session belongs to, the
-- stamps that name a result's version) for as long as nothing they rest on
-- changes. These triggers tell every listening process which table a committed
-- statement wrote (NOTIFY is sent at commit, and not at all on rollback);
-- server/src/infra/changes.ts listens and forgets what rests on that table.
-- A new user or session cannot make a kept read wrong (misses are never
-- kept), so logins send no notice. The stamps read only a campaign's key,
-- status and updated_at, so the worker's mark of fresh tallies on each batch
-- (tallies_changed_at) sends none either: a notice takes PostgreSQL's
-- database-wide notify lock at commit.
CREATE OR REPLACE FUNCTION minping_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('minping_changes', TG_TABLE_NAME);
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER users_changed AFTER UPDATE OR DELETE OR TRUNCATE ON "users" FOR EACH STATEMENT EXECUTE FUNCTION minping_notify_change();--> statement-breakpoint
CREATE TRIGGER sessions_changed AFTER UPDATE OR DELETE OR TRUNCATE ON "sessions" FOR EACH STATEMENT EXECUTE FUNCTION minping_notify_change();--> statement-breakpoint
CREATE TRIGGER campaigns_changed AFTER INSERT OR UPDATE OF key, status, updated_at OR DELETE OR TRUNCATE ON "campaigns" FOR EACH STATEMENT EXECUTE FUNCTION minping_notify_change();--> statement-breakpoint
CREATE TRIGGER campaign_results_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "campaign_results" FOR EACH STATEMENT EXECUTE FUNCTION minping_notify_change();
