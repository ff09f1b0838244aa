CREATE TABLE "alert_dedupe" (
	"key" text NOT NULL,
	"channel" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "alert_dedupe_key_channel_pk" PRIMARY KEY("key","channel")
);
--> statement-breakpoint
CREATE TABLE "alert_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"severity" text NOT NULL,
	"title" text NOT NULL,
	"outcomes" jsonb NOT NULL,
	"workflow_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_replays" (
	"task_id" text NOT NULL,
	"run" integer NOT NULL,
	"routine" text NOT NULL,
	"previous_failure_type" text,
	"claimed_by" text NOT NULL,
	"task_run_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "job_replays_task_id_run_pk" PRIMARY KEY("task_id","run")
);
--> statement-breakpoint
CREATE TABLE "ops_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"summary" text NOT NULL,
	"body" jsonb NOT NULL,
	"workflow_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "job_replays" ADD CONSTRAINT "job_replays_task_id_jobs_task_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."jobs"("task_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_log_created_idx" ON "alert_log" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "job_replays_created_idx" ON "job_replays" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "ops_reports_kind_idx" ON "ops_reports" USING btree ("kind","id");