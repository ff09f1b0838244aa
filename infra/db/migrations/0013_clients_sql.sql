-- Clients for every client id tasks already named (before clients had to exist). Their address is unknown
-- (email null) and their rate is the built-in default of DEFAULT_RATE_USD_PER_MIN; the operator sets both
-- with PATCH /api/clients/:clientId.
INSERT INTO "clients" ("id", "rate_cents_per_min")
SELECT DISTINCT "client_id", 500 FROM "jobs" WHERE "client_id" IS NOT NULL
ON CONFLICT ("id") DO NOTHING;
--> statement-breakpoint
-- The tasks of invoices made before invoice_tasks existed; a task already on an earlier live invoice keeps that one.
INSERT INTO "invoice_tasks" ("invoice_id", "task_id", "released")
SELECT i."id", t.task_id, i."status" IN ('expired', 'failed')
FROM "invoices" i CROSS JOIN LATERAL jsonb_array_elements_text(i."task_ids") AS t(task_id)
ORDER BY i."created_at"
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- An invoice that expires or fails gives its tasks back: they may be billed again on a new invoice.
CREATE OR REPLACE FUNCTION invoice_tasks_release() RETURNS trigger AS $$
BEGIN
  IF NEW."status" IN ('expired', 'failed') AND OLD."status" IS DISTINCT FROM NEW."status" THEN
    UPDATE "invoice_tasks" SET "released" = true WHERE "invoice_id" = NEW."id" AND NOT "released";
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER invoice_tasks_release AFTER UPDATE OF "status" ON "invoices"
FOR EACH ROW EXECUTE FUNCTION invoice_tasks_release();
