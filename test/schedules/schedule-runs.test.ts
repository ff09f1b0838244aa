import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleDefinitions } from '../../schedules/definitions';
import { fullScheduleId, type ScheduleDefinition } from '../../schedules/schedule-definition';
import type { ScheduleWithResult } from '../../schedules/last-result';
import { syncSchedules } from '../../schedules/sync-schedules';
import { createTestWorker } from '../support/temporal';
import { adminHeaders } from '../support/test-config';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

const admin = adminHeaders('10.4.0.1', { json: false });

describe('every owned schedule runs its workflow for real (trigger via the API, real worker)', () => {
  let p: TestPlatform;
  let defs: ScheduleDefinition[];
  const suffix = randomUUID().slice(0, 8);
  beforeAll(async () => {
    p = await createTestPlatform();
    defs = scheduleDefinitions(p.config).map((d) => ({ ...d, id: `${d.id}-${suffix}` }));
    await syncSchedules(p.client, defs, p.taskQueue);
  });
  afterAll(async () => {
    for (const d of defs)
      await p.client.schedule
        .getHandle(fullScheduleId(d.id))
        .delete()
        .catch(() => undefined);
    await p.close();
  });

  it("defines the original EchoPilot runbook' routines", () => {
    expect(scheduleDefinitions(p.config).map((d) => d.id)).toEqual(
      expect.arrayContaining([
        'heartbeat',
        'health-probe',
        'self-heal',
        'job-replay',
        'auto-operator',
        'predictive-alerts',
        'ledger-retention',
        'supervisor-report',
        'executive-report',
        'ceo-brief',
        'daily-report',
      ]),
    );
  });

  it('triggering each schedule starts its workflow, which completes', async () => {
    const { worker, connection } = await createTestWorker(p.taskQueue, p.activities);
    const completed = await worker.runUntil(async () => {
      for (const d of defs) {
        const res = await p.app.request(`/api/schedules/${d.id}/trigger`, { method: 'POST', headers: admin });
        expect(res.status).toBe(202);
        expect(await res.json()).toEqual({
          scheduleId: fullScheduleId(d.id),
          workflowType: d.workflowType,
          triggered: true,
        });
      }
      const out: Record<string, unknown> = {};
      for (const d of defs) {
        const handle = p.client.schedule.getHandle(fullScheduleId(d.id));
        const action = await waitFor(`a run of ${d.id}`, async () => (await handle.describe()).info.recentActions[0]);
        const wf = p.client.workflow.getHandle(
          action.action.workflow.workflowId,
          action.action.workflow.firstExecutionRunId,
        );
        expect(action.action.workflow.workflowId.startsWith(fullScheduleId(d.id))).toBe(true);
        out[d.id.replace(`-${suffix}`, '')] = await wf.result();
        expect((await wf.describe()).type).toBe(d.workflowType);
      }
      return out;
    });
    await connection.close();

    expect(completed['heartbeat']).toMatchObject({ status: 'ok', reportId: expect.any(Number) });
    expect(completed['health-probe']).toMatchObject({ status: 'ok' });
    expect(completed['self-heal']).toMatchObject({ routine: 'self-heal', selected: 0 });
    expect(completed['job-replay']).toMatchObject({ routine: 'job-replay', selected: 0 });
    expect(completed['auto-operator']).toMatchObject({ status: 'ok', problems: [] });
    expect(completed['predictive-alerts']).toMatchObject({ status: 'ok' });
    expect(completed['ledger-retention']).toEqual({
      tasksArchived: 0,
      attemptsPruned: 0,
      slotRowsPruned: 0,
      taskRetentionDays: 0,
      attemptRetentionDays: 0,
    });
    for (const kind of ['supervisor-report', 'executive-report', 'ceo-brief', 'daily-report']) {
      expect(completed[kind]).toMatchObject({ kind, reportId: expect.any(Number) });
    }
    expect(await p.appDeps.ops.opsReports.latest('auto-operator')).toBeDefined();
  });

  it('GET /api/schedules gives each schedule its last result: the run status and the report it stored', async () => {
    const res = await p.app.request('/api/schedules', { headers: admin });
    expect(res.status).toBe(200);
    const { schedules } = (await res.json()) as { schedules: ScheduleWithResult[] };
    const mine = new Map(
      schedules.filter((s) => s.id.endsWith(`-${suffix}`)).map((s) => [s.id.replace(`-${suffix}`, ''), s]),
    );
    expect(mine.size).toBe(defs.length);
    for (const [id, s] of mine) {
      const last = s.recentRuns.at(-1)!;
      expect(s.lastResult, id).toMatchObject({
        workflowId: last.workflowId,
        runId: last.runId,
        startedAt: last.takenAt,
        status: 'completed',
        closedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as string,
      });
    }
    // The probes store a health report, the routines an ops report; retention stores neither.
    for (const id of ['heartbeat', 'health-probe'])
      expect(mine.get(id)!.lastResult!.report).toEqual({
        status: 'ok',
        summary: expect.stringMatching(/^ok: \d checks passed$/) as string,
      });
    expect(mine.get('auto-operator')!.lastResult!.report).toMatchObject({ status: 'ok' });
    const daily = await p.appDeps.ops.opsReports.latest('daily-report');
    expect(mine.get('daily-report')!.lastResult!.report).toEqual({ status: daily!.status, summary: daily!.summary });
    expect(mine.get('ledger-retention')!.lastResult!.report).toBeNull();

    const one = await p.app.request(`/api/schedules/heartbeat-${suffix}`, { headers: admin });
    expect(((await one.json()) as ScheduleWithResult).lastResult).toEqual(mine.get('heartbeat')!.lastResult);
  });
});
