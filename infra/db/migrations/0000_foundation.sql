CREATE TABLE "auth_failures" (
	"id" serial PRIMARY KEY NOT NULL,
	"ip" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ip_bans" (
	"ip" text PRIMARY KEY NOT NULL,
	"banned_until" timestamp with time zone NOT NULL,
	"strikes" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "health_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"status" text NOT NULL,
	"checks" jsonb NOT NULL,
	"workflow_id" text,
	"build_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "auth_failures_ip_at_idx" ON "auth_failures" USING btree ("ip","at");--> statement-breakpoint
CREATE INDEX "health_reports_created_at_idx" ON "health_reports" USING btree ("created_at");