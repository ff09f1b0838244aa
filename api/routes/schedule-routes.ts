import { Hono } from 'hono';
import { z } from 'zod';
import { ScheduleNotFoundError, ScheduleOverlapPolicy } from '@temporalio/client';
import { definedScheduleIds } from '../../schedules/definitions';
import {
  backfillRunCount,
  backfillSchedule,
  describeOwned,
  listScheduleViews,
  pauseSchedule,
  schedulerState,
  ScheduleNotOwnedError,
  startScheduler,
  stopScheduler,
  triggerSchedule,
  unpauseSchedule,
} from '../../schedules/manage-schedules';
import { AUDIT_ACTIONS } from '../../domain/audit-actions';
import type { RouteContext } from '../app-deps';
import { badRequest, notFound } from '../errors';
import { onlyMethods } from '../method-guard';
import { parseJsonBody, validate } from '../validation';

export const idParam = z.string().regex(/^[a-z0-9][a-z0-9-]{0,80}$/, 'expected a schedule id like `self-heal`');
export const noteBody = z.object({ note: z.string().trim().min(1).max(200).optional() }).strict();
export const reasonBody = z.object({ reason: z.string().trim().min(1).max(200).optional() }).strict();
export const backfillBody = z
  .object({
    start: z.iso.datetime({ offset: true }),
    end: z.iso.datetime({ offset: true }),
    overlap: z.enum(['SKIP', 'BUFFER_ONE', 'ALLOW_ALL']).default('ALLOW_ALL'),
  })
  .strict()
  .refine((b) => new Date(b.start) < new Date(b.end), { message: 'start must be before end', path: ['start'] });

/** Unknown schedules and schedules the platform does not own are both 404s. */
async function owned<T>(id: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ScheduleNotFoundError || err instanceof ScheduleNotOwnedError) throw notFound(`Schedule ${id}`);
    throw err;
  }
}

/** The platform's Temporal Schedules: list, pause/unpause/trigger/backfill one, stop/start all. */
export function scheduleRoutes(ctx: RouteContext): Hono {
  const app = new Hono();
  const client = ctx.temporal;
  const audit = ctx.operatorAudit.record;
  const param = (c: { req: { param(name: string): string | undefined } }) =>
    validate(idParam, c.req.param('id'), 'schedule id');

  app.get('/api/schedules', ctx.admin, async (c) => {
    const schedules = await listScheduleViews(client);
    const defined = new Set(definedScheduleIds(ctx.config));
    return c.json({ scheduler: schedulerState(schedules.filter((s) => defined.has(s.scheduleId))), schedules });
  });
  onlyMethods(app, '/api/schedules', ['GET']);

  app.get('/api/schedules/:id', ctx.admin, async (c) => {
    const id = param(c);
    return c.json(await owned(id, () => describeOwned(client, id)));
  });
  onlyMethods(app, '/api/schedules/:id', ['GET']);

  app.post('/api/schedules/:id/pause', ctx.admin, async (c) => {
    const id = param(c);
    const { note } = await parseJsonBody(c, noteBody);
    const view = await owned(id, () => pauseSchedule(client, id, note ?? 'paused via API'));
    await audit(c, { action: AUDIT_ACTIONS.schedulePause, target: id, details: { note: note ?? null } });
    return c.json(view);
  });
  app.post('/api/schedules/:id/unpause', ctx.admin, async (c) => {
    const id = param(c);
    const { note } = await parseJsonBody(c, noteBody);
    const view = await owned(id, () => unpauseSchedule(client, id, note ?? 'unpaused via API'));
    await audit(c, { action: AUDIT_ACTIONS.scheduleUnpause, target: id, details: { note: note ?? null } });
    return c.json(view);
  });
  app.post('/api/schedules/:id/trigger', ctx.admin, async (c) => {
    const id = param(c);
    await parseJsonBody(c, z.object({}).strict());
    const v = await owned(id, () => triggerSchedule(client, id));
    await audit(c, { action: AUDIT_ACTIONS.scheduleTrigger, target: id });
    return c.json({ scheduleId: v.scheduleId, workflowType: v.workflowType, triggered: true }, 202);
  });
  app.post('/api/schedules/:id/backfill', ctx.admin, async (c) => {
    const id = param(c);
    const b = await parseJsonBody(c, backfillBody);
    const max = ctx.config.ops.scheduleBackfillMaxRuns;
    const runs = await owned(id, () => backfillRunCount(client, id, new Date(b.start), new Date(b.end), max));
    if (runs > max) {
      const message = `the range holds more than ${max} runs of this schedule (SCHEDULE_BACKFILL_MAX_RUNS)`;
      throw badRequest('validation_failed', `Invalid body: end: ${message}`, { issues: [{ field: 'end', message }] });
    }
    const v = await owned(id, () =>
      backfillSchedule(client, id, new Date(b.start), new Date(b.end), ScheduleOverlapPolicy[b.overlap]),
    );
    await audit(c, {
      action: AUDIT_ACTIONS.scheduleBackfill,
      target: id,
      details: { start: b.start, end: b.end, overlap: b.overlap, runs },
    });
    return c.json({ scheduleId: v.scheduleId, start: b.start, end: b.end, overlap: b.overlap }, 202);
  });
  for (const action of ['pause', 'unpause', 'trigger', 'backfill'])
    onlyMethods(app, `/api/schedules/:id/${action}`, ['POST']);

  // The original EchoPilot runbook's dashboard "Stop Scheduler" / "Start Scheduler" buttons.
  app.post('/api/scheduler/stop', ctx.admin, async (c) => {
    const { reason } = await parseJsonBody(c, reasonBody);
    const result = await stopScheduler(client, definedScheduleIds(ctx.config), reason ?? 'stopped via API');
    await audit(c, { action: AUDIT_ACTIONS.schedulerStop, target: 'scheduler', details: { reason: reason ?? null } });
    return c.json({ scheduler: 'stopped', ...result });
  });
  app.post('/api/scheduler/start', ctx.admin, async (c) => {
    const { reason } = await parseJsonBody(c, reasonBody);
    const result = await startScheduler(client, definedScheduleIds(ctx.config), reason ?? 'started via API');
    await audit(c, { action: AUDIT_ACTIONS.schedulerStart, target: 'scheduler', details: { reason: reason ?? null } });
    return c.json({ scheduler: 'running', ...result });
  });
  for (const action of ['stop', 'start']) onlyMethods(app, `/api/scheduler/${action}`, ['POST']);

  return app;
}
