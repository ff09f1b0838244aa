CREATE TABLE "erasure_records" (
	"ticket_id" text PRIMARY KEY NOT NULL,
	"client_ids" jsonb NOT NULL,
	"database_counts" jsonb,
	"outcome" jsonb,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "processing_restricted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "retain_until" timestamp with time zone;