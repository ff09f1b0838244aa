import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleDefinitions } from '../../schedules/definitions';
import { fullScheduleId, type ScheduleDefinition } from '../../schedules/schedule-definition';
import { syncSchedules } from '../../schedules/sync-schedules';
import { adminHeaders } from '../support/test-config';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { terminateRunning } from '../support/workflow-runs';

const admin = adminHeaders('10.61.0.1');
type ErrorJson = { error: { code: string; message: string; details?: { issues?: { field: string }[] } } };

const NUL = 'a\u0000b';
const LONE_HIGH = 'x\uD800y';
const LONE_LOW = '\uDC00z';

describe('unsafe text at the API edge (findings #6, #17, #18)', () => {
  let p: TestPlatform;
  let defs: ScheduleDefinition[];
  const suffix = randomUUID().slice(0, 8);
  beforeAll(async () => {
    p = await createTestPlatform();
    // Suffixed copies: the platform's own schedule ids belong to test/api/schedule-routes.test.ts.
    defs = scheduleDefinitions(p.config)
      .filter((d) => d.id === 'heartbeat')
      .map((d) => ({ ...d, id: `${d.id}-${suffix}` }));
    await syncSchedules(p.client, defs, p.taskQueue);
  });
  afterAll(async () => {
    for (const d of defs)
      await p.client.schedule
        .getHandle(fullScheduleId(d.id))
        .delete()
        .catch(() => undefined);
    await terminateRunning(p.client, p.taskQueue);
    await p.close();
  });

  const send = async (method: string, path: string, body?: unknown) => {
    const res = await p.app.request(path, {
      method,
      headers: admin,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as ErrorJson };
  };
  const fields = (b: ErrorJson) => (b.error.details?.issues ?? []).map((i) => i.field);

  it('#6 a NUL or lone surrogate in any text field of a body is a 400 naming the field, never a 500', async () => {
    const task = { title: 'ok', prompt: 'ok' };
    const cases: [string, string, Record<string, unknown>, string][] = [
      ['POST', '/api/tasks', { ...task, prompt: NUL }, 'prompt'],
      ['POST', '/api/tasks', { ...task, title: LONE_HIGH }, 'title'],
      ['POST', '/api/tasks', { ...task, idempotencyKey: NUL }, 'idempotencyKey'],
      ['POST', '/api/tasks', { ...task, clientId: LONE_LOW }, 'clientId'],
      ['POST', '/api/tasks', { ...task, type: 'media', media: { url: `https://example.com/${NUL}` } }, 'media.url'],
      ['POST', '/refund', { paymentId: 'pay_x', reason: NUL }, 'reason'],
      [
        'POST',
        '/api/payments/create-invoice',
        { amount: 10, email: 'a@example.com', description: LONE_HIGH },
        'description',
      ],
      [
        'POST',
        '/api/payments/create-invoice',
        { amount: 10, email: 'a@example.com', taskIds: ['t', NUL] },
        'taskIds[1]',
      ],
      ['POST', '/api/scheduler/stop', { reason: NUL }, 'reason'],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await send(method, path, body);
      expect({ path, field, status: res.status }).toEqual({ path, field, status: 400 });
      expect(fields(res.body)).toEqual([field]);
      expect(res.body.error.message).toContain(field);
    }
    // Nothing reached the ledger.
    expect(await p.appDeps.tasks.list({ limit: 10 })).toEqual([]);
  });

  it('#6 a NUL in a query or path value is a 400 (or a 404 for an unknown id), never a 500', async () => {
    const list = await send('GET', '/api/tasks?clientId=a%00b');
    expect(list.status).toBe(400);
    expect(fields(list.body)).toEqual(['clientId']);
    const invoice = await send('GET', '/api/payments/invoices/inv_%00x');
    expect(invoice.status).toBe(400);
    expect(fields(invoice.body)).toEqual(['invoiceId']);
    const task = await send('GET', '/api/tasks/a%00b');
    expect(task.status).toBe(400);
  });

  it('#18 a schedule note with a lone surrogate is a 400 naming note', async () => {
    const id = defs[0]!.id;
    for (const note of [LONE_HIGH, LONE_LOW, NUL]) {
      const res = await send('POST', `/api/schedules/${id}/pause`, { note });
      expect(res.status).toBe(400);
      expect(fields(res.body)).toEqual(['note']);
    }
    expect((await p.client.schedule.getHandle(fullScheduleId(id)).describe()).state.paused).toBe(false);
    const ok = await send('POST', `/api/schedules/${id}/pause`, { note: 'maintenance 🛠' });
    expect(ok.status).toBe(200);
    await send('POST', `/api/schedules/${id}/unpause`);
  });

  it('#17 a backfill range with more runs than SCHEDULE_BACKFILL_MAX_RUNS (default 100) is a 400 naming end', async () => {
    expect(p.config.ops.scheduleBackfillMaxRuns).toBe(100);
    const id = defs[0]!.id; // hourly
    const end = new Date();
    const tooFar = await send('POST', `/api/schedules/${id}/backfill`, {
      start: new Date(end.getTime() - 150 * 3_600_000).toISOString(),
      end: end.toISOString(),
    });
    expect(tooFar.status).toBe(400);
    expect(fields(tooFar.body)).toEqual(['end']);
    expect(tooFar.body.error.message).toContain('100');
    const years = await send('POST', `/api/schedules/${id}/backfill`, {
      start: '1970-01-01T00:00:00Z',
      end: end.toISOString(),
    });
    expect(years.status).toBe(400);
    expect((await p.client.schedule.getHandle(fullScheduleId(id)).describe()).info.numActionsTaken).toBe(0);
    const within = await send('POST', `/api/schedules/${id}/backfill`, {
      start: new Date(end.getTime() - 2 * 3_600_000 - 60_000).toISOString(),
      end: end.toISOString(),
    });
    expect(within.status).toBe(202);
  });
});
