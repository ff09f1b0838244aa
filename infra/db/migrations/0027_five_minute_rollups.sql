CREATE TABLE "attempt_cost_5min" (
	"slot" timestamp with time zone NOT NULL,
	"model" text NOT NULL,
	"steps" integer DEFAULT 0 NOT NULL,
	"input_tokens" bigint DEFAULT 0 NOT NULL,
	"output_tokens" bigint DEFAULT 0 NOT NULL,
	"cost_micro_usd" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "attempt_cost_5min_slot_model_pk" PRIMARY KEY("slot","model")
);
--> statement-breakpoint
CREATE TABLE "job_client_5min" (
	"slot" timestamp with time zone NOT NULL,
	"client_id" text NOT NULL,
	"tasks" integer DEFAULT 0 NOT NULL,
	"cost_micro_usd" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "job_client_5min_slot_client_id_pk" PRIMARY KEY("slot","client_id")
);
--> statement-breakpoint
CREATE TABLE "job_intake_5min" (
	"slot" timestamp with time zone PRIMARY KEY NOT NULL,
	"tasks" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_latency_5min" (
	"slot" timestamp with time zone NOT NULL,
	"type" text NOT NULL,
	"bucket" smallint NOT NULL,
	"tasks" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "job_latency_5min_slot_type_bucket_pk" PRIMARY KEY("slot","type","bucket")
);
--> statement-breakpoint
CREATE TABLE "job_outcome_5min" (
	"slot" timestamp with time zone NOT NULL,
	"type" text NOT NULL,
	"status" text NOT NULL,
	"failure_key" text NOT NULL,
	"tasks" integer DEFAULT 0 NOT NULL,
	"qa_sum" bigint DEFAULT 0 NOT NULL,
	"qa_count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "job_outcome_5min_slot_type_status_failure_key_pk" PRIMARY KEY("slot","type","status","failure_key")
);
