import { heartbeat } from '@temporalio/activity';
import type { RetentionOutcome } from '../domain/retention';
import type { OpsActivityDeps } from './ops-deps';

const BATCH = 5_000;
const DAY_MS = 86_400_000;

/**
 * The ledger-retention routine: archive finished tasks and old attempt rows past their retention, then the
 * 5-minute rollup rows no window reads any more, batch by batch.
 */
export function createRetentionActivities(deps: OpsActivityDeps) {
  const now = deps.now ?? (() => new Date());
  return {
    async applyLedgerRetention(): Promise<RetentionOutcome> {
      const { taskRetentionDays, attemptRetentionDays } = deps.config.ops;
      const t = now().getTime();
      const out: RetentionOutcome = {
        tasksArchived: 0,
        attemptsPruned: 0,
        slotRowsPruned: 0,
        taskRetentionDays,
        attemptRetentionDays,
      };
      // Each batch is its own transaction; a retry after a crash just carries on where the last one stopped.
      for (let n = BATCH; taskRetentionDays > 0 && n === BATCH; out.tasksArchived += n) {
        n = await deps.ledgerRetention.archiveTasks(new Date(t - taskRetentionDays * DAY_MS), BATCH);
        heartbeat(out);
      }
      for (let n = BATCH; attemptRetentionDays > 0 && n === BATCH; out.attemptsPruned += n) {
        n = await deps.ledgerRetention.pruneAttempts(new Date(t - attemptRetentionDays * DAY_MS), BATCH);
        heartbeat(out);
      }
      for (let n = BATCH; n === BATCH; out.slotRowsPruned += n) {
        n = await deps.ledgerRetention.pruneSlots(BATCH);
        heartbeat(out);
      }
      return out;
    },
  };
}
