import { and, asc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../open-database';
import { clients, driveFolders, driveUploads, jobs } from '../schema';

/** Results a client may receive (as on the delivery page): finished with a result, QA-passed or low_qa. */
const DELIVERABLE = ['done', 'low_qa'];

export interface PendingResult {
  taskId: string;
  run: number;
  clientId: string;
  clientName: string | null;
  title: string;
  result: string;
}

/** Which results are in Drive, and each client's folder there. */
export function createDriveDeliveries(db: Db) {
  return {
    /** Finished results of existing clients not uploaded yet (current run of each task), oldest first. */
    async pending(limit = 100): Promise<PendingResult[]> {
      const rows = await db
        .select({
          taskId: jobs.taskId,
          run: jobs.replayCount,
          clientId: clients.id,
          clientName: clients.name,
          title: jobs.title,
          result: jobs.result,
        })
        .from(jobs)
        .innerJoin(clients, eq(clients.id, jobs.clientId))
        .leftJoin(driveUploads, and(eq(driveUploads.taskId, jobs.taskId), eq(driveUploads.run, jobs.replayCount)))
        .where(and(inArray(jobs.status, DELIVERABLE), isNotNull(jobs.result), isNull(driveUploads.taskId)))
        .orderBy(asc(jobs.completedAt), asc(jobs.taskId))
        .limit(limit);
      return rows.map((r) => ({ ...r, result: r.result ?? '' }));
    },

    async folder(clientId: string): Promise<string | undefined> {
      const [row] = await db.select().from(driveFolders).where(eq(driveFolders.clientId, clientId));
      return row?.folderId;
    },

    /** Keeps the first folder stored: two racing passes converge on one. */
    async setFolder(clientId: string, folderId: string): Promise<string> {
      await db.insert(driveFolders).values({ clientId, folderId }).onConflictDoNothing();
      return (await this.folder(clientId))!;
    },

    async recordUpload(u: { taskId: string; run: number; clientId: string; fileId: string; folderId: string }) {
      await db.insert(driveUploads).values(u).onConflictDoNothing();
    },

    async uploads(taskId: string) {
      return db.select().from(driveUploads).where(eq(driveUploads.taskId, taskId));
    },
  };
}
export type DriveDeliveries = ReturnType<typeof createDriveDeliveries>;
