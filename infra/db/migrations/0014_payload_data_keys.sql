CREATE TABLE "payload_data_keys" (
	"key_id" text PRIMARY KEY NOT NULL,
	"owner" text NOT NULL,
	"wrapped_key" text,
	"master_key_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"destroyed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "payload_data_keys_live_owner_uq" ON "payload_data_keys" USING btree ("owner") WHERE "payload_data_keys"."destroyed_at" is null;--> statement-breakpoint
CREATE INDEX "payload_data_keys_master_idx" ON "payload_data_keys" USING btree ("master_key_id");