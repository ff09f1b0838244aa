ALTER TABLE "invoices" ADD COLUMN "received_amount_cents" bigint;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "received_currency" text;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "received_event_id" text;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "received_provider_payment_id" text;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "settlement_flag" text;