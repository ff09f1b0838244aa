CREATE TABLE "job_cost_daily" (
	"day" date NOT NULL,
	"client_key" text NOT NULL,
	"cost_micro_usd" bigint DEFAULT 0 NOT NULL,
	"tasks" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "job_cost_daily_day_client_key_pk" PRIMARY KEY("day","client_key")
);
--> statement-breakpoint
DROP INDEX "jobs_client_idx";--> statement-breakpoint
DROP INDEX "jobs_created_idx";--> statement-breakpoint
CREATE INDEX "job_attempts_created_idx" ON "job_attempts" USING btree ("created_at","model");--> statement-breakpoint
CREATE INDEX "jobs_status_created_idx" ON "jobs" USING btree ("status","created_at","task_id");--> statement-breakpoint
CREATE INDEX "jobs_completed_idx" ON "jobs" USING btree ("completed_at");--> statement-breakpoint
CREATE INDEX "jobs_failed_at_idx" ON "jobs" USING btree (coalesce("completed_at", "updated_at"),"task_id") WHERE "jobs"."status" = 'failed';--> statement-breakpoint
CREATE INDEX "jobs_in_flight_idx" ON "jobs" USING btree ("updated_at") WHERE "jobs"."status" in ('queued', 'running');--> statement-breakpoint
CREATE INDEX "jobs_client_idx" ON "jobs" USING btree ("client_id","created_at","task_id");--> statement-breakpoint
CREATE INDEX "jobs_created_idx" ON "jobs" USING btree ("created_at","task_id");--> statement-breakpoint
-- The daily cost rollup follows every write to jobs in the same transaction: the old row's share is
-- taken off its (day, client) and the new row's added, in key order so two writers never deadlock.
-- A delete while `echopilot.archiving` is on (retention) leaves the rollup as it is.
CREATE FUNCTION "job_cost_daily_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_day date;
  old_key text;
  new_day date;
  new_key text;
BEGIN
  IF TG_OP = 'DELETE' AND coalesce(current_setting('echopilot.archiving', true), '') = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    old_day := (coalesce(OLD.completed_at, OLD.created_at) AT TIME ZONE 'UTC')::date;
    old_key := coalesce(OLD.client_id, '(none)');
  END IF;
  IF TG_OP <> 'DELETE' THEN
    new_day := (coalesce(NEW.completed_at, NEW.created_at) AT TIME ZONE 'UTC')::date;
    new_key := coalesce(NEW.client_id, '(none)');
  END IF;
  IF TG_OP = 'UPDATE' AND old_day = new_day AND old_key = new_key THEN
    IF NEW.cost_micro_usd <> OLD.cost_micro_usd THEN
      UPDATE "job_cost_daily" SET "cost_micro_usd" = "cost_micro_usd" + NEW.cost_micro_usd - OLD.cost_micro_usd
        WHERE "day" = new_day AND "client_key" = new_key;
    END IF;
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND (new_day, new_key) < (old_day, old_key)) THEN
    INSERT INTO "job_cost_daily" ("day", "client_key", "cost_micro_usd", "tasks") VALUES (new_day, new_key, NEW.cost_micro_usd, 1)
      ON CONFLICT ("day", "client_key") DO UPDATE SET "cost_micro_usd" = "job_cost_daily"."cost_micro_usd" + excluded."cost_micro_usd", "tasks" = "job_cost_daily"."tasks" + 1;
    new_day := NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    UPDATE "job_cost_daily" SET "cost_micro_usd" = "cost_micro_usd" - OLD.cost_micro_usd, "tasks" = "tasks" - 1
      WHERE "day" = old_day AND "client_key" = old_key;
  END IF;
  IF new_day IS NOT NULL THEN
    INSERT INTO "job_cost_daily" ("day", "client_key", "cost_micro_usd", "tasks") VALUES (new_day, new_key, NEW.cost_micro_usd, 1)
      ON CONFLICT ("day", "client_key") DO UPDATE SET "cost_micro_usd" = "job_cost_daily"."cost_micro_usd" + excluded."cost_micro_usd", "tasks" = "job_cost_daily"."tasks" + 1;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "jobs_cost_daily" AFTER INSERT OR DELETE OR UPDATE OF "cost_micro_usd", "completed_at", "created_at", "client_id" ON "jobs"
  FOR EACH ROW EXECUTE FUNCTION "job_cost_daily_apply"();
--> statement-breakpoint
INSERT INTO "job_cost_daily" ("day", "client_key", "cost_micro_usd", "tasks")
  SELECT (coalesce("completed_at", "created_at") AT TIME ZONE 'UTC')::date, coalesce("client_id", '(none)'), sum("cost_micro_usd"), count(*)
  FROM "jobs" GROUP BY 1, 2;
