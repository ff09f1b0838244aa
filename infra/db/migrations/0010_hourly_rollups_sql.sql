-- The hourly rollups follow every write to jobs and job_attempts in the same transaction: the old row's
-- share is taken off its keys and the new row's added. A delete while `echopilot.archiving` is on
-- (retention) leaves them as they are, so archived rows keep counting.
-- Latency buckets: b = ceil(ln(ms) / ln(γ)), γ = 1.01 / 0.99 (bucket 0: ≤ 1 ms); see domain/latency-histogram.ts.
CREATE FUNCTION "utc_hour"(t timestamptz) RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT date_trunc('hour', t AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
$$;
--> statement-breakpoint
CREATE FUNCTION "job_rollups_row"(r "jobs", sign integer, with_intake boolean) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  h timestamptz;
  lat float8;
BEGIN
  IF r.completed_at IS NOT NULL THEN
    h := "utc_hour"(r.completed_at);
    INSERT INTO "job_outcome_hourly" AS t ("hour", "type", "status", "failure_key", "tasks", "qa_sum", "qa_count")
      VALUES (h, r.type, r.status, coalesce(r.failure_type, ''), sign, sign * coalesce(r.qa_score, 0), CASE WHEN r.qa_score IS NULL THEN 0 ELSE sign END)
      ON CONFLICT ("hour", "type", "status", "failure_key") DO UPDATE
      SET "tasks" = t."tasks" + excluded."tasks", "qa_sum" = t."qa_sum" + excluded."qa_sum", "qa_count" = t."qa_count" + excluded."qa_count";
    IF r.status IN ('done', 'low_qa') THEN
      lat := extract(epoch FROM (r.completed_at - coalesce(r.started_at, r.created_at)))::float8 * 1000;
      INSERT INTO "job_latency_hourly" AS t ("hour", "type", "bucket", "tasks")
        VALUES (h, r.type, CASE WHEN lat <= 1 THEN 0 ELSE ceil(ln(lat) / ln(1.01::float8 / 0.99)) END, sign)
        ON CONFLICT ("hour", "type", "bucket") DO UPDATE SET "tasks" = t."tasks" + excluded."tasks";
    END IF;
    IF r.client_id IS NOT NULL THEN
      INSERT INTO "job_client_hourly" AS t ("hour", "client_id", "tasks", "cost_micro_usd")
        VALUES (h, r.client_id, sign, sign * r.cost_micro_usd)
        ON CONFLICT ("hour", "client_id") DO UPDATE
        SET "tasks" = t."tasks" + excluded."tasks", "cost_micro_usd" = t."cost_micro_usd" + excluded."cost_micro_usd";
    END IF;
  END IF;
  IF with_intake THEN
    INSERT INTO "job_intake_hourly" AS t ("hour", "tasks") VALUES ("utc_hour"(r.created_at), sign)
      ON CONFLICT ("hour") DO UPDATE SET "tasks" = t."tasks" + excluded."tasks";
  END IF;
END $$;
--> statement-breakpoint
CREATE FUNCTION "job_rollups_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  intake boolean;
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF coalesce(current_setting('echopilot.archiving', true), '') <> 'on' THEN
      PERFORM "job_rollups_row"(OLD, -1, true);
    END IF;
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM "job_rollups_row"(NEW, 1, true);
    RETURN NULL;
  END IF;
  -- An update of a task still in flight (a step's cost, the start of a run) changes no rollup.
  IF OLD.completed_at IS NULL AND NEW.completed_at IS NULL AND OLD.created_at = NEW.created_at THEN
    RETURN NULL;
  END IF;
  IF (OLD.completed_at, OLD.status, OLD.type, OLD.failure_type, OLD.qa_score, OLD.started_at, OLD.created_at, OLD.client_id, OLD.cost_micro_usd)
     IS NOT DISTINCT FROM
     (NEW.completed_at, NEW.status, NEW.type, NEW.failure_type, NEW.qa_score, NEW.started_at, NEW.created_at, NEW.client_id, NEW.cost_micro_usd) THEN
    RETURN NULL;
  END IF;
  intake := OLD.created_at <> NEW.created_at;
  -- In completion-time order, so two writers moving tasks between the same hours lock them in one order.
  IF coalesce(NEW.completed_at, 'infinity') < coalesce(OLD.completed_at, 'infinity') THEN
    PERFORM "job_rollups_row"(NEW, 1, intake);
    PERFORM "job_rollups_row"(OLD, -1, intake);
  ELSE
    PERFORM "job_rollups_row"(OLD, -1, intake);
    PERFORM "job_rollups_row"(NEW, 1, intake);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "jobs_hourly_rollups" AFTER INSERT OR DELETE OR UPDATE OF "completed_at", "status", "type", "failure_type", "qa_score", "started_at", "created_at", "client_id", "cost_micro_usd" ON "jobs"
  FOR EACH ROW EXECUTE FUNCTION "job_rollups_apply"();
--> statement-breakpoint
CREATE FUNCTION "attempt_cost_hourly_row"(r "job_attempts", sign integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "attempt_cost_hourly" AS t ("hour", "model", "steps", "input_tokens", "output_tokens", "cost_micro_usd")
    VALUES ("utc_hour"(r.created_at), r.model, sign, sign * r.input_tokens, sign * r.output_tokens, sign * r.cost_micro_usd)
    ON CONFLICT ("hour", "model") DO UPDATE
    SET "steps" = t."steps" + excluded."steps", "input_tokens" = t."input_tokens" + excluded."input_tokens",
        "output_tokens" = t."output_tokens" + excluded."output_tokens", "cost_micro_usd" = t."cost_micro_usd" + excluded."cost_micro_usd";
$$;
--> statement-breakpoint
CREATE FUNCTION "attempt_cost_hourly_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND coalesce(current_setting('echopilot.archiving', true), '') = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND (OLD.created_at, OLD.model, OLD.input_tokens, OLD.output_tokens, OLD.cost_micro_usd)
     IS NOT DISTINCT FROM (NEW.created_at, NEW.model, NEW.input_tokens, NEW.output_tokens, NEW.cost_micro_usd) THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    PERFORM "attempt_cost_hourly_row"(OLD, -1);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM "attempt_cost_hourly_row"(NEW, 1);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "job_attempts_cost_hourly" AFTER INSERT OR DELETE OR UPDATE OF "created_at", "model", "input_tokens", "output_tokens", "cost_micro_usd" ON "job_attempts"
  FOR EACH ROW EXECUTE FUNCTION "attempt_cost_hourly_apply"();
--> statement-breakpoint
-- Existing rows, once.
INSERT INTO "job_outcome_hourly" ("hour", "type", "status", "failure_key", "tasks", "qa_sum", "qa_count")
  SELECT "utc_hour"("completed_at"), "type", "status", coalesce("failure_type", ''), count(*), coalesce(sum("qa_score"), 0), count("qa_score")
  FROM "jobs" WHERE "completed_at" IS NOT NULL GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO "job_latency_hourly" ("hour", "type", "bucket", "tasks")
  SELECT "utc_hour"("completed_at"), "type", b, count(*) FROM (
    SELECT "completed_at", "type", extract(epoch FROM ("completed_at" - coalesce("started_at", "created_at")))::float8 * 1000 AS lat
    FROM "jobs" WHERE "completed_at" IS NOT NULL AND "status" IN ('done', 'low_qa')
  ) s, LATERAL (SELECT CASE WHEN lat <= 1 THEN 0 ELSE ceil(ln(lat) / ln(1.01::float8 / 0.99)) END AS b) l
  GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO "job_client_hourly" ("hour", "client_id", "tasks", "cost_micro_usd")
  SELECT "utc_hour"("completed_at"), "client_id", count(*), sum("cost_micro_usd")
  FROM "jobs" WHERE "completed_at" IS NOT NULL AND "client_id" IS NOT NULL GROUP BY 1, 2;
--> statement-breakpoint
INSERT INTO "job_intake_hourly" ("hour", "tasks") SELECT "utc_hour"("created_at"), count(*) FROM "jobs" GROUP BY 1;
--> statement-breakpoint
INSERT INTO "attempt_cost_hourly" ("hour", "model", "steps", "input_tokens", "output_tokens", "cost_micro_usd")
  SELECT "utc_hour"("created_at"), "model", count(*), sum("input_tokens"), sum("output_tokens"), sum("cost_micro_usd")
  FROM "job_attempts" GROUP BY 1, 2;
