CREATE TABLE "job_latency_daily" (
	"day" timestamp with time zone NOT NULL,
	"type" text NOT NULL,
	"bucket" smallint NOT NULL,
	"tasks" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "job_latency_daily_day_type_bucket_pk" PRIMARY KEY("day","type","bucket")
);
