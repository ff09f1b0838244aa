ALTER TABLE "llm_pacer" ADD COLUMN "rate_scale" double precision DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "llm_pacer" ADD COLUMN "scaled_at" timestamp with time zone;