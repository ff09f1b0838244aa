import { describe, expect, it } from 'vitest';
import { operatorProblems, type OperatorSnapshot } from '../../domain/operator';

const base: OperatorSnapshot = {
  checkedAt: '2026-12-07T04:00:00.000Z',
  taskQueue: 'q',
  running: 0,
  stuck: [],
  orphaned: [],
  backlog: { queued: 0, oldestQueuedSeconds: null },
  lastHour: { completed: 0, failed: 0, failureRatePct: null },
  thresholds: { stuckTaskMinutes: 30, stuckActivityAttempts: 5, backlogAlert: 50, failureRateAlertPct: 20 },
};
const replica = (stale: boolean, lastSnapshotAt: string | null, ageSeconds: number | null) => ({
  ...base,
  replica: { stale, lastSnapshotAt, ageSeconds, intervalHours: 2 },
});

describe('auto-operator: the newest verified snapshot older than twice the interval', () => {
  it('warns when the newest snapshot is stale', () => {
    const problems = operatorProblems(replica(true, '2026-12-06T22:00:00.000Z', 6 * 3600));
    expect(problems).toEqual([
      expect.objectContaining({
        key: 'auto-operator:replica-stale',
        severity: 'warning',
        title: 'Newest verified snapshot is 6 h old',
      }),
    ]);
  });

  it('says nothing for a fresh snapshot, before the first one, or in reports from before snapshots', () => {
    expect(operatorProblems(replica(false, '2026-12-07T03:00:00.000Z', 3600))).toEqual([]);
    expect(operatorProblems(replica(true, null, null))).toEqual([]);
    expect(operatorProblems(base)).toEqual([]);
  });
});
