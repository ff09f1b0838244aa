CREATE TABLE "drive_folders" (
	"client_id" text PRIMARY KEY NOT NULL,
	"folder_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "drive_uploads" (
	"task_id" text NOT NULL,
	"run" integer NOT NULL,
	"client_id" text NOT NULL,
	"file_id" text NOT NULL,
	"folder_id" text NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "drive_uploads_task_id_run_pk" PRIMARY KEY("task_id","run")
);
--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "notion_page_id" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "notion_edited_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "notion_synced_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "contact_updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "notion_row_claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "notion_state" text;--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_notion_page_id_unique" UNIQUE("notion_page_id");