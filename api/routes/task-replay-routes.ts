import { Hono } from 'hono';
import { z } from 'zod';
import type { taskReplay } from '../../workflows/task-replay';
import { AUDIT_ACTIONS } from '../../domain/audit-actions';
import type { AppEnv } from '../app-env';
import type { RouteContext } from '../app-deps';
import { conflict, notFound } from '../errors';
import { onlyMethods } from '../method-guard';
import { runOps } from '../ops-run';
import { parseJsonBody, validate } from '../validation';
import { waitSecondsSchema as waitSeconds } from '../workflow-wait';
import { taskIdParam } from './task-routes';

export const taskReplayBody = z.object({ waitSeconds }).strict();

/** `POST /api/tasks/:taskId/replay`: re-runs one failed task with the job-replay claim (audited). */
export function taskReplayRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/:taskId/replay', ctx.admin, async (c) => {
    const { taskId } = validate(taskIdParam, c.req.param(), 'path');
    const b = await parseJsonBody(c, taskReplayBody);
    const job = await ctx.tasks.get(taskId);
    if (!job) throw notFound(`Task ${taskId}`);
    if (job.status !== 'failed') throw conflict(`Task ${taskId} is ${job.status}; only a failed task is replayed`);
    return runOps<typeof taskReplay>(ctx, c, {
      workflowType: 'taskReplay',
      // One id per run being replaced: a double click joins the same replay, never claims twice.
      workflowId: `task-replay-${taskId}-${job.replayCount}`,
      input: {
        taskId,
        clientId: job.clientId,
        replayCount: job.replayCount,
        failureType: job.failureType,
        completedAt: job.completedAt?.toISOString() ?? null,
      },
      waitSeconds: b.waitSeconds,
      action: AUDIT_ACTIONS.taskReplay,
    });
  });
  onlyMethods(app, '/:taskId/replay', ['POST']);
  return app;
}
