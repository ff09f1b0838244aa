-- The 5-minute rollups follow every write to jobs and job_attempts like the hourly ones (same functions,
-- one more upsert per rollup), so a window's partial hours are read as whole 5-minute slots; the
-- existing rows are summed into them once.
CREATE FUNCTION "utc_5min"(t timestamptz) RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT date_bin('5 minutes', t, '2000-01-01 00:00:00+00'::timestamptz)
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "job_rollups_row"(r "jobs", sign integer, with_intake boolean) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  h timestamptz;
  s timestamptz;
  lat float8;
  b integer;
BEGIN
  IF r.completed_at IS NOT NULL THEN
    h := "utc_hour"(r.completed_at);
    s := "utc_5min"(r.completed_at);
    INSERT INTO "job_outcome_hourly" AS t ("hour", "type", "status", "failure_key", "tasks", "qa_sum", "qa_count")
      VALUES (h, r.type, r.status, coalesce(r.failure_type, ''), sign, sign * coalesce(r.qa_score, 0), CASE WHEN r.qa_score IS NULL THEN 0 ELSE sign END)
      ON CONFLICT ("hour", "type", "status", "failure_key") DO UPDATE
      SET "tasks" = t."tasks" + excluded."tasks", "qa_sum" = t."qa_sum" + excluded."qa_sum", "qa_count" = t."qa_count" + excluded."qa_count";
    INSERT INTO "job_outcome_5min" AS t ("slot", "type", "status", "failure_key", "tasks", "qa_sum", "qa_count")
      VALUES (s, r.type, r.status, coalesce(r.failure_type, ''), sign, sign * coalesce(r.qa_score, 0), CASE WHEN r.qa_score IS NULL THEN 0 ELSE sign END)
      ON CONFLICT ("slot", "type", "status", "failure_key") DO UPDATE
      SET "tasks" = t."tasks" + excluded."tasks", "qa_sum" = t."qa_sum" + excluded."qa_sum", "qa_count" = t."qa_count" + excluded."qa_count";
    IF r.status IN ('done', 'low_qa') THEN
      lat := extract(epoch FROM (r.completed_at - coalesce(r.started_at, r.created_at)))::float8 * 1000;
      b := CASE WHEN lat <= 1 THEN 0 ELSE ceil(ln(lat) / ln(1.01::float8 / 0.99)) END;
      INSERT INTO "job_latency_hourly" AS t ("hour", "type", "bucket", "tasks") VALUES (h, r.type, b, sign)
        ON CONFLICT ("hour", "type", "bucket") DO UPDATE SET "tasks" = t."tasks" + excluded."tasks";
      INSERT INTO "job_latency_daily" AS t ("day", "type", "bucket", "tasks") VALUES ("utc_day"(r.completed_at), r.type, b, sign)
        ON CONFLICT ("day", "type", "bucket") DO UPDATE SET "tasks" = t."tasks" + excluded."tasks";
      INSERT INTO "job_latency_5min" AS t ("slot", "type", "bucket", "tasks") VALUES (s, r.type, b, sign)
        ON CONFLICT ("slot", "type", "bucket") DO UPDATE SET "tasks" = t."tasks" + excluded."tasks";
    END IF;
    IF r.client_id IS NOT NULL THEN
      INSERT INTO "job_client_hourly" AS t ("hour", "client_id", "tasks", "cost_micro_usd")
        VALUES (h, r.client_id, sign, sign * r.cost_micro_usd)
        ON CONFLICT ("hour", "client_id") DO UPDATE
        SET "tasks" = t."tasks" + excluded."tasks", "cost_micro_usd" = t."cost_micro_usd" + excluded."cost_micro_usd";
      INSERT INTO "job_client_5min" AS t ("slot", "client_id", "tasks", "cost_micro_usd")
        VALUES (s, r.client_id, sign, sign * r.cost_micro_usd)
        ON CONFLICT ("slot", "client_id") DO UPDATE
        SET "tasks" = t."tasks" + excluded."tasks", "cost_micro_usd" = t."cost_micro_usd" + excluded."cost_micro_usd";
    END IF;
  END IF;
  IF with_intake THEN
    INSERT INTO "job_intake_hourly" AS t ("hour", "tasks") VALUES ("utc_hour"(r.created_at), sign)
      ON CONFLICT ("hour") DO UPDATE SET "tasks" = t."tasks" + excluded."tasks";
    INSERT INTO "job_intake_5min" AS t ("slot", "tasks") VALUES ("utc_5min"(r.created_at), sign)
      ON CONFLICT ("slot") DO UPDATE SET "tasks" = t."tasks" + excluded."tasks";
  END IF;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "attempt_cost_hourly_row"(r "job_attempts", sign integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "attempt_cost_hourly" AS t ("hour", "model", "steps", "input_tokens", "output_tokens", "cost_micro_usd")
    VALUES ("utc_hour"(r.created_at), r.model, sign, sign * r.input_tokens, sign * r.output_tokens, sign * r.cost_micro_usd)
    ON CONFLICT ("hour", "model") DO UPDATE
    SET "steps" = t."steps" + excluded."steps", "input_tokens" = t."input_tokens" + excluded."input_tokens",
        "output_tokens" = t."output_tokens" + excluded."output_tokens", "cost_micro_usd" = t."cost_micro_usd" + excluded."cost_micro_usd";
  INSERT INTO "attempt_cost_5min" AS t ("slot", "model", "steps", "input_tokens", "output_tokens", "cost_micro_usd")
    VALUES ("utc_5min"(r.created_at), r.model, sign, sign * r.input_tokens, sign * r.output_tokens, sign * r.cost_micro_usd)
    ON CONFLICT ("slot", "model") DO UPDATE
    SET "steps" = t."steps" + excluded."steps", "input_tokens" = t."input_tokens" + excluded."input_tokens",
        "output_tokens" = t."output_tokens" + excluded."output_tokens", "cost_micro_usd" = t."cost_micro_usd" + excluded."cost_micro_usd";
$$;
--> statement-breakpoint
-- Existing rows, once (rows already archived are before the archive mark, where no window reads slots).
INSERT INTO "job_outcome_5min" ("slot", "type", "status", "failure_key", "tasks", "qa_sum", "qa_count")
  SELECT "utc_5min"("completed_at"), "type", "status", coalesce("failure_type", ''), count(*), coalesce(sum("qa_score"), 0), count("qa_score")
  FROM "jobs" WHERE "completed_at" IS NOT NULL GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO "job_latency_5min" ("slot", "type", "bucket", "tasks")
  SELECT "utc_5min"("completed_at"), "type", b, count(*) FROM (
    SELECT "completed_at", "type", extract(epoch FROM ("completed_at" - coalesce("started_at", "created_at")))::float8 * 1000 AS lat
    FROM "jobs" WHERE "completed_at" IS NOT NULL AND "status" IN ('done', 'low_qa')
  ) s, LATERAL (SELECT CASE WHEN lat <= 1 THEN 0 ELSE ceil(ln(lat) / ln(1.01::float8 / 0.99)) END AS b) l
  GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO "job_client_5min" ("slot", "client_id", "tasks", "cost_micro_usd")
  SELECT "utc_5min"("completed_at"), "client_id", count(*), sum("cost_micro_usd")
  FROM "jobs" WHERE "completed_at" IS NOT NULL AND "client_id" IS NOT NULL GROUP BY 1, 2;
--> statement-breakpoint
INSERT INTO "job_intake_5min" ("slot", "tasks") SELECT "utc_5min"("created_at"), count(*) FROM "jobs" GROUP BY 1;
--> statement-breakpoint
INSERT INTO "attempt_cost_5min" ("slot", "model", "steps", "input_tokens", "output_tokens", "cost_micro_usd")
  SELECT "utc_5min"("created_at"), "model", count(*), sum("input_tokens"), sum("output_tokens"), sum("cost_micro_usd")
  FROM "job_attempts" GROUP BY 1, 2;
