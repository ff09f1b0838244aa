CREATE TABLE "attempt_cost_hourly" (
	"hour" timestamp with time zone NOT NULL,
	"model" text NOT NULL,
	"steps" integer DEFAULT 0 NOT NULL,
	"input_tokens" bigint DEFAULT 0 NOT NULL,
	"output_tokens" bigint DEFAULT 0 NOT NULL,
	"cost_micro_usd" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "attempt_cost_hourly_hour_model_pk" PRIMARY KEY("hour","model")
);
--> statement-breakpoint
CREATE TABLE "job_client_hourly" (
	"hour" timestamp with time zone NOT NULL,
	"client_id" text NOT NULL,
	"tasks" integer DEFAULT 0 NOT NULL,
	"cost_micro_usd" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "job_client_hourly_hour_client_id_pk" PRIMARY KEY("hour","client_id")
);
--> statement-breakpoint
CREATE TABLE "job_intake_hourly" (
	"hour" timestamp with time zone PRIMARY KEY NOT NULL,
	"tasks" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_latency_hourly" (
	"hour" timestamp with time zone NOT NULL,
	"type" text NOT NULL,
	"bucket" smallint NOT NULL,
	"tasks" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "job_latency_hourly_hour_type_bucket_pk" PRIMARY KEY("hour","type","bucket")
);
--> statement-breakpoint
CREATE TABLE "job_outcome_hourly" (
	"hour" timestamp with time zone NOT NULL,
	"type" text NOT NULL,
	"status" text NOT NULL,
	"failure_key" text NOT NULL,
	"tasks" integer DEFAULT 0 NOT NULL,
	"qa_sum" bigint DEFAULT 0 NOT NULL,
	"qa_count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "job_outcome_hourly_hour_type_status_failure_key_pk" PRIMARY KEY("hour","type","status","failure_key")
);
--> statement-breakpoint
CREATE TABLE "ledger_archive_mark" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"tasks_before" timestamp with time zone,
	"attempts_before" timestamp with time zone
);
