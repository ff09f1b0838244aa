/** What one run of the ledger-retention routine did (0 days = that kind of row is kept forever). */
export interface RetentionOutcome {
  tasksArchived: number;
  attemptsPruned: number;
  /** Rows of the 5-minute rollups before the archive marks (no window reads them there). */
  slotRowsPruned: number;
  taskRetentionDays: number;
  attemptRetentionDays: number;
}
