ALTER TABLE "clients" ADD COLUMN "notion_page_id" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "notion_edited_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "notion_synced_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "contact_updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "notion_row_claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "notion_state" text;--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_notion_page_id_unique" UNIQUE("notion_page_id");