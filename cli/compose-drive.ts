import { createDriveClient, driveRootUrl } from '../infra/clients/drive-client';
import type { Config } from '../infra/config/load-config';
import type { Db } from '../infra/db/open-database';
import { createDriveDeliveries } from '../infra/db/repositories/drive-deliveries';
import { createDriveFiles } from '../infra/delivery/drive-files';
import type { DriveDeliveryDeps } from '../activities/drive-delivery-activities';

/** Google Drive delivery parts; undefined (delivery off) without credentials and a parent folder. */
export function composeDrive(config: Config, db: Db): DriveDeliveryDeps['drive'] {
  const drive = createDriveClient(config.drive);
  if (!drive || !config.drive.parentFolderId) return undefined;
  return {
    files: createDriveFiles(drive, config.drive.parentFolderId, driveRootUrl(config.drive.apiBaseUrl)),
    deliveries: createDriveDeliveries(db),
  };
}
