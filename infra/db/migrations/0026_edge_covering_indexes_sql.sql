-- A window's partial hours at its ends are read from the ledger rows (the rollups hold whole hours). With
-- only the key in the index, each row found there is a heap page of its own (rows of one half hour lie
-- anywhere in the table after replays, late completions or a bulk import), thousands per edge at ten
-- thousand tasks an hour. These two indexes carry every column the edge aggregations read (outcomes,
-- latency, per client; cost per model), so an edge is an index-only scan over a few dozen leaf pages.
-- Same names and key columns as the schema declares (drizzle cannot express INCLUDE).
DROP INDEX IF EXISTS "jobs_completed_idx";
--> statement-breakpoint
CREATE INDEX "jobs_completed_idx" ON "jobs" USING btree ("completed_at")
  INCLUDE ("status", "type", "failure_type", "qa_score", "client_id", "cost_micro_usd", "started_at", "created_at");
--> statement-breakpoint
DROP INDEX IF EXISTS "job_attempts_created_idx";
--> statement-breakpoint
CREATE INDEX "job_attempts_created_idx" ON "job_attempts" USING btree ("created_at", "model")
  INCLUDE ("input_tokens", "output_tokens", "cost_micro_usd");
