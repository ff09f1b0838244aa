import type { DriveDeliverySummary } from '../domain/contracts/drive-delivery';
import type { DriveDeliveries } from '../infra/db/repositories/drive-deliveries';
import type { DriveFiles } from '../infra/delivery/drive-files';
import { heartbeat } from './activity-context';

export interface DriveDeliveryDeps {
  /** Set only when GOOGLE_DRIVE_CREDENTIALS and GOOGLE_DRIVE_PARENT_FOLDER_ID are. */
  drive?: { files: DriveFiles; deliveries: DriveDeliveries };
}

/** A file name Drive and every desktop sync client accept. */
const fileName = (title: string, taskId: string) =>
  `${
    title
      .replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ')
      .trim()
      .slice(0, 120) || 'Result'
  } (${taskId}).md`;

export function createDriveDeliveryActivities({ drive }: DriveDeliveryDeps) {
  return {
    /**
     * Uploads every finished result not in Drive yet to its client's folder (created once), as
     * Markdown. Exactly once per result and run: the drive_uploads row is the record, and before an
     * upload the folder is searched for the result's appProperties key, so an attempt that uploaded
     * but failed before recording (a lost answer, a crash) is completed by the retry, not repeated.
     */
    async deliverResultsToDrive(): Promise<DriveDeliverySummary> {
      const out: DriveDeliverySummary = { enabled: !!drive, uploaded: [], alreadyThere: [] };
      if (!drive) return out;
      for (const r of await drive.deliveries.pending()) {
        heartbeat(r.taskId);
        const folderId =
          (await drive.deliveries.folder(r.clientId)) ??
          (await drive.deliveries.setFolder(
            r.clientId,
            await drive.files.ensureClientFolder(r.clientId, r.clientName ?? r.clientId),
          ));
        const key = `${r.taskId}#${r.run}`;
        const found = await drive.files.findResult(folderId, key);
        const fileId =
          found ??
          (await drive.files.uploadResult(folderId, key, fileName(r.title, r.taskId), `# ${r.title}\n\n${r.result}\n`));
        await drive.deliveries.recordUpload({ taskId: r.taskId, run: r.run, clientId: r.clientId, fileId, folderId });
        (found ? out.alreadyThere : out.uploaded).push(key);
      }
      return out;
    },
  };
}
