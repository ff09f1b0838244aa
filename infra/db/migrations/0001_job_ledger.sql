CREATE TABLE "job_attempts" (
	"task_id" text NOT NULL,
	"run" integer DEFAULT 0 NOT NULL,
	"attempt" integer NOT NULL,
	"step" text NOT NULL,
	"model" text NOT NULL,
	"input_tokens" integer DEFAULT 0 NOT NULL,
	"output_tokens" integer DEFAULT 0 NOT NULL,
	"cost_micro_usd" bigint DEFAULT 0 NOT NULL,
	"qa_score" integer,
	"feedback" text,
	"duration_ms" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "job_attempts_task_id_run_attempt_step_pk" PRIMARY KEY("task_id","run","attempt","step")
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"task_id" text PRIMARY KEY NOT NULL,
	"workflow_id" text NOT NULL,
	"source" text NOT NULL,
	"notion_page_id" text,
	"client_id" text,
	"idempotency_key" text,
	"title" text NOT NULL,
	"prompt" text NOT NULL,
	"type" text DEFAULT 'text' NOT NULL,
	"media_url" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"failure_type" text,
	"failure_reason" text,
	"qa_score" integer,
	"result" text,
	"model" text,
	"input_tokens" integer DEFAULT 0 NOT NULL,
	"output_tokens" integer DEFAULT 0 NOT NULL,
	"cost_micro_usd" bigint DEFAULT 0 NOT NULL,
	"media_seconds" integer,
	"attempts" integer DEFAULT 0 NOT NULL,
	"replay_count" integer DEFAULT 0 NOT NULL,
	"payment_status" text,
	"build_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "jobs_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
ALTER TABLE "job_attempts" ADD CONSTRAINT "job_attempts_task_id_jobs_task_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."jobs"("task_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "jobs_status_idx" ON "jobs" USING btree ("status","completed_at");--> statement-breakpoint
CREATE INDEX "jobs_client_idx" ON "jobs" USING btree ("client_id","created_at");--> statement-breakpoint
CREATE INDEX "jobs_created_idx" ON "jobs" USING btree ("created_at");