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
  triggerSchedule,
  unpauseSchedule,
} from '../../schedules/manage-schedules';
import { withLastResults } from '../../schedules/last-result';
import type { AppEnv } from '../app-env';
import { AUDIT_ACTIONS } from '../../domain/audit-actions';
import type { RouteContext } from '../app-deps';
import { fieldError, notFound } from '../errors';
import { onlyMethods } from '../method-guard';
import { parseJsonBody, validate } from '../validation';

export const idParam = z.string().regex(/^[a-z0-9][a-z0-9-]{0,80}$/, 'expected a schedule id like `self-heal`');
export const noteBody = z.object({ note: z.string().trim().min(1).max(200).optional() }).strict();
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

/** The platform's Temporal Schedules under `/api/schedules`: list, describe, pause/unpause/trigger/backfill one. */
export function scheduleRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const client = ctx.temporal;
  const audit = ctx.operatorAudit.record;
  const param = (c: { req: { param(name: string): string | undefined } }) =>
    validate(idParam, c.req.param('id'), 'schedule id');

  app.get('/', ctx.admin, async (c) => {
    const views = await listScheduleViews(client);
    const defined = new Set(definedScheduleIds(ctx.config));
    const schedules = await withLastResults(client, views, ctx.ops.runSummaries);
    return c.json({ scheduler: schedulerState(views.filter((s) => defined.has(s.scheduleId))), schedules });
  });
  onlyMethods(app, '/', ['GET']);

  app.get('/:id', ctx.admin, async (c) => {
    const id = param(c);
    const view = await owned(id, () => describeOwned(client, id));
    const [withResult] = await withLastResults(client, [view], ctx.ops.runSummaries);
    return c.json(withResult);
  });
  onlyMethods(app, '/:id', ['GET']);

  app.post('/:id/pause', ctx.admin, async (c) => {
    const id = param(c);
    const { note } = await parseJsonBody(c, noteBody);
    const view = await owned(id, () => pauseSchedule(client, id, note ?? 'paused via API'));
    await audit(c, { action: AUDIT_ACTIONS.schedulePause, target: id, details: { note: note ?? null } });
    return c.json(view);
  });
  app.post('/:id/unpause', ctx.admin, async (c) => {
    const id = param(c);
    const { note } = await parseJsonBody(c, noteBody);
    const view = await owned(id, () => unpauseSchedule(client, id, note ?? 'unpaused via API'));
    await audit(c, { action: AUDIT_ACTIONS.scheduleUnpause, target: id, details: { note: note ?? null } });
    return c.json(view);
  });
  app.post('/:id/trigger', ctx.admin, async (c) => {
    const id = param(c);
    await parseJsonBody(c, z.object({}).strict());
    const v = await owned(id, () => triggerSchedule(client, id));
    await audit(c, { action: AUDIT_ACTIONS.scheduleTrigger, target: id });
    return c.json({ scheduleId: v.scheduleId, workflowType: v.workflowType, triggered: true }, 202);
  });
  app.post('/:id/backfill', ctx.admin, async (c) => {
    const id = param(c);
    const b = await parseJsonBody(c, backfillBody);
    const max = ctx.config.ops.scheduleBackfillMaxRuns;
    const runs = await owned(id, () => backfillRunCount(client, id, new Date(b.start), new Date(b.end), max));
    if (runs > max) {
      throw fieldError(
        'body',
        'end',
        `the range holds more than ${max} runs of this schedule (SCHEDULE_BACKFILL_MAX_RUNS)`,
      );
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
  for (const action of ['pause', 'unpause', 'trigger', 'backfill']) onlyMethods(app, `/:id/${action}`, ['POST']);

  return app;
}
