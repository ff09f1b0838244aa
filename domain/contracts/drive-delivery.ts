/** What one Google Drive delivery pass did: result keys `<taskId>#<run>` (ids only). */
export interface DriveDeliverySummary {
  /** False without GOOGLE_DRIVE_CREDENTIALS and GOOGLE_DRIVE_PARENT_FOLDER_ID: nothing was done. */
  enabled: boolean;
  uploaded: string[];
  /** Found in Drive already (uploaded by an attempt that failed before recording it), now recorded. */
  alreadyThere: string[];
}
