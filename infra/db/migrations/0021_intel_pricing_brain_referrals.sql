CREATE TABLE "client_referrals" (
	"referred_client_id" text PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"discount_invoice_id" text,
	"credit_cents" bigint,
	"credit_invoice_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ops_brain_recommendations" (
	"id" serial PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"action" text NOT NULL,
	"target_kind" text NOT NULL,
	"target_id" text,
	"severity" text NOT NULL,
	"rationale" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pricing_recommendations" (
	"id" serial PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_id" text NOT NULL,
	"decision" text NOT NULL,
	"current_rate_cents_per_min" integer NOT NULL,
	"current_price_per_task_cents" integer NOT NULL,
	"recommended_rate_cents_per_min" integer NOT NULL,
	"recommended_price_per_task_cents" integer NOT NULL,
	"reason" text NOT NULL,
	"explanation" text,
	"inputs" jsonb NOT NULL,
	"applied_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "referral_codes" (
	"code" text PRIMARY KEY NOT NULL,
	"client_id" text NOT NULL,
	"reward_percent" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "client_referrals" ADD CONSTRAINT "client_referrals_referred_client_id_clients_id_fk" FOREIGN KEY ("referred_client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_referrals" ADD CONSTRAINT "client_referrals_code_referral_codes_code_fk" FOREIGN KEY ("code") REFERENCES "public"."referral_codes"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_referrals" ADD CONSTRAINT "client_referrals_discount_invoice_id_invoices_id_fk" FOREIGN KEY ("discount_invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_referrals" ADD CONSTRAINT "client_referrals_credit_invoice_id_invoices_id_fk" FOREIGN KEY ("credit_invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_codes" ADD CONSTRAINT "referral_codes_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "client_referrals_code_idx" ON "client_referrals" USING btree ("code");--> statement-breakpoint
CREATE INDEX "ops_brain_recommendations_run_idx" ON "ops_brain_recommendations" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "pricing_recommendations_run_idx" ON "pricing_recommendations" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "pricing_recommendations_id_idx" ON "pricing_recommendations" USING btree ("created_at");