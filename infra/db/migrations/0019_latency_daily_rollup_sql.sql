-- The daily latency histogram follows every write to jobs like the hourly one (same function, one more
-- upsert), so a long window reads whole days; the existing days are summed from the hourly histogram.
CREATE FUNCTION "utc_day"(t timestamptz) RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT date_trunc('day', t AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "job_rollups_row"(r "jobs", sign integer, with_intake boolean) RETURNS void LANGUAGE plpgsql AS $$
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
      INSERT INTO "job_latency_daily" AS t ("day", "type", "bucket", "tasks")
        VALUES ("utc_day"(r.completed_at), r.type, CASE WHEN lat <= 1 THEN 0 ELSE ceil(ln(lat) / ln(1.01::float8 / 0.99)) END, sign)
        ON CONFLICT ("day", "type", "bucket") DO UPDATE SET "tasks" = t."tasks" + excluded."tasks";
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
INSERT INTO "job_latency_daily" ("day", "type", "bucket", "tasks")
  SELECT "utc_day"("hour"), "type", "bucket", sum("tasks") FROM "job_latency_hourly" GROUP BY 1, 2, 3 HAVING sum("tasks") <> 0;
