CREATE TABLE "refund_failures" (
	"id" text PRIMARY KEY NOT NULL,
	"payment_id" text NOT NULL,
	"request_key" text NOT NULL,
	"provider" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"failure_type" text NOT NULL,
	"failure_code" text,
	"status" text DEFAULT 'failed' NOT NULL,
	"failures" integer DEFAULT 1 NOT NULL,
	"refund_id" text,
	"first_failed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_failed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "refund_failures_request_key_unique" UNIQUE("request_key")
);
--> statement-breakpoint
CREATE TABLE "platform_llm_calls" (
	"call_key" text PRIMARY KEY NOT NULL,
	"kind" text DEFAULT 'routine_llm' NOT NULL,
	"purpose" text NOT NULL,
	"model" text NOT NULL,
	"input_tokens" integer DEFAULT 0 NOT NULL,
	"output_tokens" integer DEFAULT 0 NOT NULL,
	"cost_micro_usd" bigint DEFAULT 0 NOT NULL,
	"workflow_id" text,
	"duration_ms" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "refund_failures" ADD CONSTRAINT "refund_failures_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "refund_failures_payment_idx" ON "refund_failures" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "platform_llm_calls_created_idx" ON "platform_llm_calls" USING btree ("created_at");