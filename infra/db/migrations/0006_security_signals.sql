CREATE TABLE "security_signals" (
	"name" text PRIMARY KEY NOT NULL,
	"count" integer NOT NULL,
	"first_seen" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen" timestamp with time zone DEFAULT now() NOT NULL
);
