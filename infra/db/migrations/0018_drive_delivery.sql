CREATE TABLE "drive_folders" (
	"client_id" text PRIMARY KEY NOT NULL,
	"folder_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "drive_uploads" (
	"task_id" text NOT NULL,
	"run" integer NOT NULL,
	"client_id" text NOT NULL,
	"file_id" text NOT NULL,
	"folder_id" text NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "drive_uploads_task_id_run_pk" PRIMARY KEY("task_id","run")
);
