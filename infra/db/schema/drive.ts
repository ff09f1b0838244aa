import { integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** One row per task result uploaded to Google Drive (the primary key is the exactly-once record). */
export const driveUploads = pgTable(
  'drive_uploads',
  {
    taskId: text('task_id').notNull(),
    /** The run whose result was uploaded (a regenerated result is a new file). */
    run: integer('run').notNull(),
    clientId: text('client_id').notNull(),
    fileId: text('file_id').notNull(),
    folderId: text('folder_id').notNull(),
    uploadedAt: ts('uploaded_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.run] })],
);

/** Each client's Drive folder, created once under GOOGLE_DRIVE_PARENT_FOLDER_ID. */
export const driveFolders = pgTable('drive_folders', {
  clientId: text('client_id').primaryKey(),
  folderId: text('folder_id').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});
