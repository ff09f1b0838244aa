CREATE TABLE "delivery_link_generations" (
	"client_id" text PRIMARY KEY NOT NULL,
	"generation" integer DEFAULT 0 NOT NULL,
	"revoked_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "delivery_signing_keys" (
	"key_id" text PRIMARY KEY NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unsubscribes" (
	"id" serial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "provider" text DEFAULT 'stripe' NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "paypal_order_id" text;--> statement-breakpoint
CREATE INDEX "unsubscribes_email_idx" ON "unsubscribes" USING btree ("email");--> statement-breakpoint
CREATE INDEX "unsubscribes_created_idx" ON "unsubscribes" USING btree ("created_at");