import { describe, expect, it } from 'vitest';
import { findingAlert, predictiveFindings, type HourBucket } from '../../domain/predictive';
import { evaluateDailyCost, evaluateTrend, linearFit } from '../../domain/trends';

describe('trend projection', () => {
  it('fits a least-squares line and skips hours without data', () => {
    expect(linearFit([1, 2, 3, 4])).toEqual({ slope: 1, intercept: 1 });
    expect(linearFit([null, 10, null, 14])).toEqual({ slope: 2, intercept: 8 });
    expect(linearFit([5])).toBeUndefined();
    expect(linearFit([3, 3, 3])).toEqual({ slope: 0, intercept: 3 });
  });

  it('is a breach past the limit, a warning when projected past it, ok otherwise', () => {
    const base = {
      metric: 'failure_rate' as const,
      threshold: 20,
      direction: 'above' as const,
      unit: '%',
      horizonHours: 6,
    };
    expect(evaluateTrend({ ...base, hourly: [5, 5, 5, 5], current: 25 }).status).toBe('breach');
    const rising = evaluateTrend({ ...base, hourly: [2, 4, 6, 8, 10], current: 9 });
    expect(rising).toMatchObject({ status: 'warning', projected: 22, slopePerHour: 2 });
    expect(evaluateTrend({ ...base, hourly: [10, 9, 8, 7], current: 8 }).status).toBe('ok');
    expect(evaluateTrend({ ...base, hourly: [null, null, 3], current: null }).status).toBe('insufficient_data');
    // Too few points: no projection, judged on the current value alone.
    expect(evaluateTrend({ ...base, hourly: [1, 19], current: 10 })).toMatchObject({ status: 'ok', projected: null });
    const qa = evaluateTrend({
      ...base,
      metric: 'qa_average',
      direction: 'below',
      threshold: 80,
      hourly: [90, 88, 86, 84],
      current: 85,
    });
    expect(qa.status).toBe('warning');
  });

  it('projects daily LLM cost over the next 24 h and compares it to the target', () => {
    const flat = Array.from({ length: 24 }, () => 30_000); // $0.72 today at $0.03/h
    expect(evaluateDailyCost(flat, 1_000_000)).toMatchObject({ status: 'ok', current: 720_000, projected: 720_000 });
    const rising = Array.from({ length: 24 }, (_, i) => i * 2_000); // $0.552 today, climbing
    const r = evaluateDailyCost(rising, 1_000_000);
    expect(r.status).toBe('warning');
    expect(r.projected!).toBeGreaterThan(1_000_000);
    expect(
      evaluateDailyCost(
        Array.from({ length: 24 }, () => 50_000),
        1_000_000,
      ).status,
    ).toBe('breach');
    expect(
      evaluateDailyCost(
        Array.from({ length: 24 }, () => 0),
        1_000_000,
      ),
    ).toMatchObject({ status: 'ok', projected: null });
  });

  it('turns findings into alerts keyed by metric and status', () => {
    const hours: HourBucket[] = Array.from({ length: 24 }, (_, i) => ({
      hourStart: new Date(i * 3_600_000).toISOString(),
      completed: 10,
      failed: 0,
      qaAvg: 90,
      costMicroUsd: 1_000,
      p95Ms: 1_000 + i * 20_000,
    }));
    const findings = predictiveFindings({
      hours,
      recent: { windowHours: 6, completed: 60, failed: 0, qaAvg: 90, p95Ms: 400_000 },
      thresholds: { failureRatePct: 20, qaThreshold: 80, p95Ms: 300_000, costTargetMicroUsdPerDay: 1_000_000 },
    });
    expect(findings.map((f) => [f.metric, f.status])).toEqual([
      ['failure_rate', 'ok'],
      ['qa_average', 'ok'],
      ['cost_per_day', 'ok'],
      ['p95_latency', 'breach'],
    ]);
    expect(findingAlert(findings[0]!)).toBeUndefined();
    expect(findingAlert(findings[3]!)).toMatchObject({
      key: 'predictive:p95_latency:breach',
      severity: 'critical',
      title: 'p95 latency 400.0 s is over the limit 300.0 s',
    });
  });
});
