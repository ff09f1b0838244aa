CREATE TABLE "revoked_dashboard_sessions" (
	"sid" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "revoked_dashboard_sessions_expires_idx" ON "revoked_dashboard_sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "health_reports_workflow_idx" ON "health_reports" USING btree ("workflow_id");--> statement-breakpoint
CREATE INDEX "ops_reports_workflow_idx" ON "ops_reports" USING btree ("workflow_id");