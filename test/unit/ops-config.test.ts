import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../infra/config/load-config';
import { scheduleDefinitions } from '../../schedules/definitions';
import { specSummary } from '../../schedules/manage-schedules';

describe('ops configuration and schedule definitions', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c.ops).toMatchObject({
      selfHealLookbackHours: 24,
      selfHealBatch: 20,
      jobReplayLookbackDays: 14,
      jobReplayBatch: 10,
      maxReplaysPerTask: 3,
      stuckTaskMinutes: 30,
      stuckActivityAttempts: 5,
      backlogAlert: 50,
      failureRateAlertPct: 20,
      p95AlertMs: 300_000,
      costTargetMicroUsdPerDay: 1_000_000,
    });
    expect(c.alerts).toMatchObject({ telegramApiBaseUrl: 'https://api.telegram.org', dedupeMinutes: 60 });
  });

  it('rejects bad values, naming each variable; SMTP alone serves receipts without enabling email alerts', () => {
    expect(() =>
      loadConfig({ COST_TARGET_USD_PER_DAY: '-1', JOB_REPLAY_BATCH: '0', TELEGRAM_API_BASE_URL: 'nope' }),
    ).toThrow(
      /COST_TARGET_USD_PER_DAY[\s\S]*JOB_REPLAY_BATCH[\s\S]*TELEGRAM_API_BASE_URL|TELEGRAM_API_BASE_URL[\s\S]*COST_TARGET_USD_PER_DAY/,
    );
    // SMTP_URL also carries invoice receipts; email alerts need ALERT_EMAIL_TO as well (see configuredChannels).
    expect(loadConfig({ SMTP_URL: 'smtp://localhost:25' }).alerts).toMatchObject({
      smtpUrl: 'smtp://localhost:25',
      emailTo: undefined,
    });
    expect(loadConfig({ COST_TARGET_USD_PER_DAY: '2.5' }).ops.costTargetMicroUsdPerDay).toBe(2_500_000);
  });

  it('keeps the ledger forever by default; a retention is 0 or at least 30 days, named when wrong', () => {
    expect(loadConfig({}).ops).toMatchObject({ taskRetentionDays: 0, attemptRetentionDays: 0 });
    expect(loadConfig({ TASK_RETENTION_DAYS: '365', ATTEMPT_RETENTION_DAYS: '90' }).ops).toMatchObject({
      taskRetentionDays: 365,
      attemptRetentionDays: 90,
    });
    expect(() => loadConfig({ TASK_RETENTION_DAYS: '7' })).toThrow(/TASK_RETENTION_DAYS.*at least 30 days/);
    expect(() => loadConfig({ ATTEMPT_RETENTION_DAYS: 'soon' })).toThrow(/ATTEMPT_RETENTION_DAYS/);
  });

  it('takes the schedule times and batch sizes from the environment', () => {
    const defs = scheduleDefinitions(
      loadConfig({
        SCHED_BRIEF_UTC: '07:30',
        SCHED_REPORT_UTC: '18:05',
        SCHED_SELFHEAL_EVERY_HOURS: '4',
        JOB_REPLAY_BATCH: '25',
      }),
    );
    const by = Object.fromEntries(defs.map((d) => [d.id, d]));
    expect(by['ceo-brief']!.spec).toEqual({ calendars: [{ hour: 7, minute: 30, comment: '07:30 UTC daily' }] });
    expect(by['daily-report']!.spec).toEqual({ calendars: [{ hour: 18, minute: 5, comment: '18:05 UTC daily' }] });
    expect(by['self-heal']!.spec).toEqual({ intervals: [{ every: '4 hours' }] });
    expect(by['job-replay']!.args).toEqual([{ lookbackHours: 336, limit: 25, maxReplays: 3 }]);
    expect(new Set(defs.map((d) => d.id)).size).toBe(defs.length);
  });

  it('summarises specs for humans', () => {
    const cal = (hour: number, minute: number, comment?: string) => ({
      second: [{ start: 0, end: 0, step: 1 }],
      minute: [{ start: minute, end: minute, step: 1 }],
      hour: [{ start: hour, end: hour, step: 1 }],
      dayOfMonth: [],
      month: [],
      year: [],
      dayOfWeek: [],
      comment,
    });
    expect(specSummary({ intervals: [{ every: 300_000, offset: 0 }] })).toBe('every 5m');
    expect(specSummary({ intervals: [{ every: 3_600_000, offset: 600_000 }] })).toBe('every 1h (+10m)');
    expect(specSummary({ calendars: [cal(2, 20)] })).toBe('daily 02:20 UTC');
    expect(specSummary({ calendars: [cal(8, 0, '08:00 UTC daily')] })).toBe('08:00 UTC daily');
  });
});
