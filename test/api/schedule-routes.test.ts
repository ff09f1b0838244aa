import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleDefinitions } from '../../schedules/definitions';
import { fullScheduleId } from '../../schedules/schedule-definition';
import type { ScheduleView } from '../../schedules/manage-schedules';
import type { ScheduleWithResult } from '../../schedules/last-result';
import { nextScheduledRun } from '../../schedules/next-run';
import { syncSchedules } from '../../schedules/sync-schedules';
import { terminateRunning } from '../support/workflow-runs';
import { TEST_DASH_KEY } from '../support/test-config';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

const admin = { 'X-Dash-Key': TEST_DASH_KEY, 'X-Forwarded-For': '10.5.0.1', 'content-type': 'application/json' };

/**
 * The only test file that syncs the platform's real schedule ids (the others use suffixed copies),
 * because scheduler stop/start acts on exactly the defined ids.
 */
describe('schedules API (real dev server)', () => {
  let p: TestPlatform;
  let ids: string[];
  const foreignId = 'echopilot-not-really-ours';
  beforeAll(async () => {
    p = await createTestPlatform();
    ids = scheduleDefinitions(p.config).map((d) => d.id);
    await syncSchedules(p.client, scheduleDefinitions(p.config), p.taskQueue);
    // Carries the prefix but not the owner memo: not the platform's.
    await p.client.schedule.create({
      scheduleId: foreignId,
      spec: { intervals: [{ every: '1 day' }] },
      action: { type: 'startWorkflow', workflowType: 'healthProbe', args: [{ source: 'x' }], taskQueue: p.taskQueue },
    });
  });
  afterAll(async () => {
    for (const id of [...ids.map(fullScheduleId), foreignId])
      await p.client.schedule
        .getHandle(id)
        .delete()
        .catch(() => undefined);
    await terminateRunning(p.client, p.taskQueue);
    await p.close();
  });

  const get = (path: string) => p.app.request(path, { headers: admin });
  const post = (path: string, body?: unknown) =>
    p.app.request(path, {
      method: 'POST',
      headers: admin,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const list = async () =>
    (await (await get('/api/schedules')).json()) as { scheduler: string; schedules: ScheduleView[] };
  const one = async (id: string) => (await list()).schedules.find((s) => s.id === id)!;

  it('GET /api/schedules lists every schedule with spec, workflow, state and next runs', async () => {
    const res = await get('/api/schedules');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { scheduler: string; schedules: ScheduleView[] };
    expect(body.scheduler).toBe('running');
    const mine = body.schedules.filter((s) => ids.includes(s.id));
    expect(mine.map((s) => s.id).sort()).toEqual([...ids].sort());
    expect(body.schedules.map((s) => s.scheduleId)).not.toContain(foreignId);
    const byId = Object.fromEntries(mine.map((s) => [s.id, s]));
    expect(byId['self-heal']).toMatchObject({
      workflowType: 'selfHeal',
      spec: 'every 6h',
      paused: false,
      overlap: 'SKIP',
      args: [{ lookbackHours: 24, limit: 20, maxReplays: 3 }],
    });
    expect(byId['job-replay']).toMatchObject({
      workflowType: 'jobReplay',
      spec: '02:20 UTC daily',
      args: [{ lookbackHours: 336, limit: 10, maxReplays: 3 }],
    });
    expect(byId['auto-operator']).toMatchObject({ workflowType: 'autoOperator', spec: 'every 5m' });
    expect(byId['predictive-alerts']).toMatchObject({ spec: 'every 1h (+10m)' });
    expect(byId['ceo-brief']).toMatchObject({
      workflowType: 'scheduledReport',
      spec: '08:00 UTC daily',
      args: [{ kind: 'ceo-brief', periodHours: 24 }],
    });
    expect(byId['health-probe']!.nextRuns[0]).toMatch(/T07:55:00\.000Z$/);
    // Its only time is 02:20 UTC: it has not run since the sync, so it has no last result yet.
    expect((byId['job-replay'] as ScheduleWithResult).lastResult).toBeNull();
    const daily = await get('/api/schedules/daily-report');
    expect((await daily.json()) as ScheduleView).toMatchObject({ id: 'daily-report', spec: '09:00 UTC daily' });
  });

  it('pause and unpause one schedule, with the note kept', async () => {
    const paused = await post('/api/schedules/heartbeat/pause', { note: 'probe maintenance' });
    expect(paused.status).toBe(200);
    expect(await paused.json()).toMatchObject({ id: 'heartbeat', paused: true, note: 'probe maintenance' });
    expect((await p.client.schedule.getHandle('echopilot-heartbeat').describe()).state).toMatchObject({
      paused: true,
      note: 'probe maintenance',
    });
    const resumed = await post('/api/schedules/echopilot-heartbeat/unpause');
    expect(await resumed.json()).toMatchObject({ paused: false, note: 'unpaused via API' });
  });

  it('scheduler stop pauses all, start resumes them but keeps an individually paused one paused', async () => {
    await post('/api/schedules/ceo-brief/pause', { note: 'CEO on holiday' });
    const stop = await post('/api/scheduler/stop', { reason: 'deploy' });
    expect(stop.status).toBe(200);
    const stopped = (await stop.json()) as { paused: string[]; alreadyPaused: string[] };
    expect(stopped.alreadyPaused).toEqual(['ceo-brief']);
    expect(stopped.paused.sort()).toEqual(ids.filter((i) => i !== 'ceo-brief').sort());
    expect((await list()).scheduler).toBe('stopped');
    expect(await one('self-heal')).toMatchObject({ paused: true, note: '[scheduler-stop] deploy' });

    // A sync (e.g. a restart during the stop) keeps the pauses.
    await syncSchedules(p.client, scheduleDefinitions(p.config), p.taskQueue);
    expect(await one('self-heal')).toMatchObject({ paused: true });

    const start = await post('/api/scheduler/start');
    const started = (await start.json()) as { resumed: string[]; keptPaused: string[] };
    expect(started.keptPaused).toEqual(['ceo-brief']);
    expect(started.resumed.sort()).toEqual(stopped.paused.sort());
    expect(await one('ceo-brief')).toMatchObject({ paused: true, note: 'CEO on holiday' });
    expect(await one('self-heal')).toMatchObject({ paused: false });
    expect((await list()).scheduler).toBe('running');
    await post('/api/schedules/ceo-brief/unpause');
  });

  it('GET /ops-report before the first run: report null and when the auto-operator schedule runs next', async () => {
    const expected = (await p.client.schedule.getHandle('echopilot-auto-operator').describe()).info.nextActionTimes;
    const res = await get('/ops-report');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { report: unknown; nextRunAt: string };
    expect(body.report).toBeNull(); // no worker polls this test's queue: the schedule's runs never report
    // The next time, or the one after it when a 5-minute boundary passed between the two reads.
    expect(expected.slice(0, 2).map((t) => t.toISOString())).toContain(body.nextRunAt);

    await post('/api/schedules/auto-operator/pause');
    expect(await (await get('/ops-report')).json()).toEqual({ report: null, nextRunAt: null });
    await post('/api/schedules/auto-operator/unpause');
  });

  it('nextScheduledRun is null for a missing schedule and for one the platform does not own', async () => {
    expect(await nextScheduledRun(p.client, 'no-such-schedule')).toBeNull();
    expect(await nextScheduledRun(p.client, foreignId)).toBeNull();
    expect(await nextScheduledRun(p.client, 'auto-operator')).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('backfill takes the runs of a past range', async () => {
    // A past range holding exactly three hourly ticks, whatever the minute the test runs at; the
    // schedule's own hourly run may fire meanwhile, so count the runs scheduled inside the range.
    const end = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 30 * 60_000);
    const start = new Date(end.getTime() - 3 * 3_600_000);
    const res = await post('/api/schedules/heartbeat/backfill', { start: start.toISOString(), end: end.toISOString() });
    expect(res.status).toBe(202);
    const inRange = async () =>
      (await p.client.schedule.getHandle('echopilot-heartbeat').describe()).info.recentActions.filter(
        (a) => a.scheduledAt >= start && a.scheduledAt <= end,
      ).length;
    const runs = await waitFor('three backfilled heartbeat runs', async () =>
      (await inRange()) >= 3 ? inRange() : undefined,
    );
    expect(runs).toBe(3);
  });

  it('answers 404 for unknown and foreign schedules, 400 for bad input, 405 for the wrong method', async () => {
    for (const path of ['/api/schedules/no-such-thing/pause', `/api/schedules/${foreignId}/pause`]) {
      const res = await post(path);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
    expect((await p.client.schedule.getHandle(foreignId).describe()).state.paused).toBe(false);

    const badId = await post('/api/schedules/Self_Heal/trigger');
    expect(badId.status).toBe(400);
    expect(((await badId.json()) as { error: { message: string } }).error.message).toContain('schedule id');
    const badNote = await post('/api/schedules/heartbeat/pause', { note: 42 });
    expect(
      ((await badNote.json()) as { error: { details: { issues: { field: string }[] } } }).error.details.issues[0]!
        .field,
    ).toBe('note');
    const badRange = await post('/api/schedules/heartbeat/backfill', {
      start: new Date().toISOString(),
      end: '2020-01-01T00:00:00Z',
    });
    expect(badRange.status).toBe(400);
    expect(((await badRange.json()) as { error: { message: string } }).error.message).toContain(
      'start must be before end',
    );

    for (const path of ['/api/schedules/heartbeat/trigger', '/api/scheduler/stop', '/api/scheduler/start']) {
      const res = await get(path);
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
    }
    expect((await p.app.request('/api/schedules', { headers: { 'X-Forwarded-For': '10.5.0.9' } })).status).toBe(401);
  });
});
