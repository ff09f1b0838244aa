/** What one run of the ledger-retention routine did (0 days = that kind of row is kept forever). */
export interface RetentionOutcome {
  tasksArchived: number;
  attemptsPruned: number;
  taskRetentionDays: number;
  attemptRetentionDays: number;
}
