CREATE TABLE "client_budget_alerts" (
	"client_id" text NOT NULL,
	"month" text NOT NULL,
	"alerted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "client_budget_alerts_client_id_month_pk" PRIMARY KEY("client_id","month")
);
--> statement-breakpoint
CREATE TABLE "invoice_tasks" (
	"invoice_id" text NOT NULL,
	"task_id" text NOT NULL,
	"released" boolean DEFAULT false NOT NULL,
	CONSTRAINT "invoice_tasks_invoice_id_task_id_pk" PRIMARY KEY("invoice_id","task_id")
);
--> statement-breakpoint
ALTER TABLE "clients" ALTER COLUMN "email" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "price_per_task_cents" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "budget_micro_usd_per_month" bigint;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "notify_on_done" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "line_items" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "period_from" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "period_to" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "issued_email_sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "client_budget_alerts" ADD CONSTRAINT "client_budget_alerts_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_tasks" ADD CONSTRAINT "invoice_tasks_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_tasks_task_live_uq" ON "invoice_tasks" USING btree ("task_id") WHERE not "invoice_tasks"."released";