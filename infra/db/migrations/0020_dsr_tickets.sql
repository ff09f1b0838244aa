CREATE TABLE "dsr_tickets" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"type" text NOT NULL,
	"details" text,
	"status" text NOT NULL,
	"workflow_id" text NOT NULL,
	"confirm_by" timestamp with time zone NOT NULL,
	"confirmation_sent_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"sla_due_at" timestamp with time zone,
	"extensions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"decision" text,
	"decision_reason" text,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"closure" jsonb,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "dsr_tickets_created_idx" ON "dsr_tickets" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "dsr_tickets_status_idx" ON "dsr_tickets" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "dsr_tickets_email_idx" ON "dsr_tickets" USING btree ("email");