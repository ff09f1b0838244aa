import { describe, expect, it } from 'vitest';
import {
  classifyStuck,
  operatorProblems,
  worstStatus,
  type OperatorSnapshot,
  type RunningTaskFacts,
} from '../../domain/operator';
import { renderReport, type ReportData } from '../../domain/reports';
import { formatDollars } from '../../domain/money';

const thresholds = { stuckTaskMinutes: 30, stuckActivityAttempts: 5, backlogAlert: 50, failureRateAlertPct: 20 };
const task = (over: Partial<RunningTaskFacts>): RunningTaskFacts => ({
  workflowId: 'task-a',
  runId: 'r1',
  taskId: 'a',
  startedAt: '2025-01-01T00:00:00Z',
  runningSeconds: 60,
  pendingActivities: [],
  workflowTaskAttempt: 1,
  ...over,
});

describe('auto-operator rules', () => {
  it('classifies stuck runs by age, activity attempts and failing workflow tasks', () => {
    expect(classifyStuck([task({})], thresholds)).toEqual([]);
    expect(classifyStuck([task({ runningSeconds: 31 * 60 })], thresholds)[0]!.reasons).toEqual(['running_too_long']);
    const retrying = classifyStuck(
      [
        task({
          pendingActivities: [
            { activityType: 'a', attempt: 2 },
            { activityType: 'generate', attempt: 7, lastFailure: '429' },
          ],
        }),
      ],
      thresholds,
    );
    expect(retrying[0]).toMatchObject({
      reasons: ['activity_retrying'],
      worstActivity: { activityType: 'generate', attempt: 7, lastFailure: '429' },
    });
    expect(classifyStuck([task({ workflowTaskAttempt: 9 })], thresholds)[0]!.reasons).toEqual([
      'workflow_task_failing',
    ]);
  });

  it('raises problems for stuck, orphaned, backlog and failure rate (with a minimum sample)', () => {
    const snap: OperatorSnapshot = {
      checkedAt: '2025-01-01T00:00:00Z',
      taskQueue: 'q',
      running: 1,
      stuck: [],
      orphaned: [],
      backlog: { queued: 3, oldestQueuedSeconds: 10 },
      lastHour: { completed: 4, failed: 4, failureRatePct: 100 },
      thresholds,
    };
    expect(operatorProblems(snap)).toEqual([]); // 4 of 4 failed, but 4 is too few to judge
    const bad = {
      ...snap,
      backlog: { queued: 60, oldestQueuedSeconds: 600 },
      lastHour: { completed: 10, failed: 3, failureRatePct: 30 },
    };
    const problems = operatorProblems(bad);
    expect(problems.map((p) => [p.key, p.severity])).toEqual([
      ['auto-operator:backlog', 'warning'],
      ['auto-operator:failure-rate', 'critical'],
    ]);
    expect(worstStatus(problems.map((p) => p.severity))).toBe('critical');
    expect(worstStatus([])).toBe('ok');
  });
});

describe('reports and money', () => {
  it('formats micro-USD with six decimals', () => {
    expect(formatDollars(0)).toBe('$0.000000');
    expect(formatDollars(1_234_567)).toBe('$1.234567');
    expect(formatDollars(-5)).toBe('-$0.000005');
  });

  it('renders an empty day without dividing by zero', () => {
    const empty: ReportData = {
      periodStart: '2025-01-01T09:00:00.000Z',
      periodEnd: '2025-01-02T09:00:00.000Z',
      outcomes: { byStatus: { done: 0, low_qa: 0, failed: 0 }, failuresByType: {}, qaAvg: null },
      previous: { byStatus: {}, failuresByType: {}, qaAvg: null, costMicroUsd: 0 },
      intake: { created: 0, queued: 0, running: 0 },
      costByModel: [],
      topClients: [],
      latency: { all: { count: 0, p50Ms: null, p95Ms: null, p99Ms: null } },
      replays: {},
      alerts: {},
      health: null,
      lastOperator: null,
      costTargetMicroUsdPerDay: 1_000_000,
      qaThreshold: 80,
    };
    for (const kind of ['supervisor-report', 'executive-report', 'ceo-brief', 'daily-report'] as const) {
      const r = renderReport(kind, empty);
      expect(r).toMatchObject({ status: 'ok', headline: { finished: 0, successRatePct: null, costMicroUsd: 0 } });
      expect(r.text).toContain('Success rate: n/a');
      expect(r.text).not.toMatch(/NaN|Infinity/);
    }
    expect(renderReport('ceo-brief', empty).title).toBe('CEO brief 2025-01-02');
  });
});
