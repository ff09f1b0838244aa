CREATE TABLE "llm_minute_stats" (
	"model" text NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"calls" integer DEFAULT 0 NOT NULL,
	"rate_limited" integer DEFAULT 0 NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"tokens" integer DEFAULT 0 NOT NULL,
	"paced" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "llm_minute_stats_model_minute_pk" PRIMARY KEY("model","minute")
);
--> statement-breakpoint
CREATE TABLE "llm_pacer" (
	"model" text PRIMARY KEY NOT NULL,
	"request_tat" timestamp with time zone DEFAULT now() NOT NULL,
	"token_tat" timestamp with time zone DEFAULT now() NOT NULL,
	"learned_rpm" integer,
	"learned_tpm" integer,
	"learned_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "llm_provider_health" (
	"provider" text PRIMARY KEY NOT NULL,
	"failing_since" timestamp with time zone,
	"last_error" text,
	"alerted_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "priority" integer DEFAULT 3 NOT NULL;