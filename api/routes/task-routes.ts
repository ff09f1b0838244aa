import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { WorkflowNotFoundError } from '@temporalio/client';
import { createTaskBodySchema } from '../../domain/task-spec';
import { taskRequestDiff } from '../../domain/task-request-diff';
import { TASK_STATUSES, TERMINAL_STATUSES, taskWorkflowId, type TaskStatus } from '../../domain/task';
import { liveWait } from '../live-provider-wait';
import { submitTask } from '../../infra/temporal/submit-task';
import type { AppEnv } from '../app-env';
import type { RouteContext } from '../app-deps';
import { ApiError, badRequest, conflict, notFound } from '../errors';
import { releaseBudgetHold } from '../../domain/contracts/task-messages';
import { onlyMethods } from '../method-guard';
import { cursorQueryField, encodeCursor } from '../keyset-cursor';
import { taskView } from '../task-view';
import { parseJsonBody, validate } from '../validation';

export const taskListQuery = z
  .object({
    status: z.enum(TASK_STATUSES).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: cursorQueryField,
    clientId: z.string().max(128).optional(),
  })
  .strict();
export const taskIdParam = z.object({
  taskId: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\w-]+$/, 'letters, digits, _ and - only'),
});

/** The task API of README "HTTP API": submit, read, list with a cursor, cancel. */
export function taskRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const rate = ctx.config.pricing.defaultRateUsdPerMin;

  app.post('/', ctx.admin, async (c) => {
    const body = await parseJsonBody(c, createTaskBodySchema);
    if (body.clientId && !(await ctx.payments.clients.existing([body.clientId])).has(body.clientId)) {
      throw badRequest(
        'validation_failed',
        'Invalid body: clientId: no such client (create it with POST /api/clients)',
        {
          issues: [{ field: 'clientId', message: 'no such client' }],
        },
      );
    }
    const taskId = randomUUID();
    // On a repeated idempotencyKey, create() inserts nothing and returns the row stored under that key.
    const request = {
      title: body.title,
      prompt: body.prompt,
      clientId: body.clientId ?? null,
      type: body.type,
      mediaUrl: body.media?.url ?? null,
    };
    const row = {
      taskId,
      workflowId: taskWorkflowId(taskId),
      source: 'api',
      idempotencyKey: body.idempotencyKey ?? null,
      ...request,
      priority: body.priority,
    };
    const { job } = await submitTask(
      {
        tasks: ctx.tasks,
        temporal: ctx.temporal,
        taskQueue: ctx.config.temporal.taskQueue,
        fairness: { clients: ctx.payments.clients, weights: ctx.config.temporal.fairnessWeights },
      },
      row,
      ({ job, created }) => {
        // The whole request must match the first one under this key, not only its text.
        const differing = !created && body.idempotencyKey ? taskRequestDiff(job, request) : [];
        if (differing.length > 0) {
          throw new ApiError(
            409,
            'idempotency_key_reused',
            `This idempotencyKey was used for a different task (differs in ${differing.join(', ')})`,
            { field: 'idempotencyKey', differingFields: differing },
          );
        }
      },
    );
    return c.json({ taskId: job.taskId, workflowId: job.workflowId, status: job.status }, 202);
  });

  app.get('/', ctx.admin, async (c) => {
    const q = validate(taskListQuery, c.req.query(), 'query');
    const rows = await ctx.tasks.list({
      status: q.status,
      clientId: q.clientId,
      limit: q.limit + 1,
      cursor: q.cursor && { createdAt: q.cursor.createdAt, taskId: q.cursor.id },
    });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return c.json({
      items: page.map((j) => taskView(j, undefined, rate)),
      nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.taskId) : null,
    });
  });

  app.get('/:taskId', ctx.admin, async (c) => {
    const { taskId } = validate(taskIdParam, c.req.param(), 'path');
    const job = await ctx.tasks.get(taskId);
    if (!job) throw notFound(`Task ${taskId}`);
    const view = taskView(job, await ctx.tasks.steps(taskId), rate);
    // A running task whose LLM step waits between tries shows phase `waiting_for_provider`.
    const wait = job.status === 'running' ? await liveWait(ctx.temporal, job.workflowId) : undefined;
    return c.json(
      wait
        ? {
            ...view,
            phase: wait.phase,
            providerWait: { attempt: wait.attempt, lastError: wait.lastError, nextAttemptAt: wait.nextAttemptAt },
          }
        : view,
    );
  });

  app.post('/:taskId/cancel', ctx.admin, async (c) => {
    const { taskId } = validate(taskIdParam, c.req.param(), 'path');
    const job = await ctx.tasks.get(taskId);
    if (!job) throw notFound(`Task ${taskId}`);
    if (TERMINAL_STATUSES.includes(job.status as TaskStatus))
      throw conflict(`Task ${taskId} already finished (${job.status})`);
    try {
      // The workflow aborts the in-flight LLM call (activity cancellation) and records `cancelled`.
      await ctx.temporal.workflow.getHandle(job.workflowId).cancel();
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      await ctx.tasks.finish(taskId, job.replayCount, { status: 'cancelled' }); // queued, never started
    }
    return c.json({ taskId, workflowId: job.workflowId, status: 'cancelling' }, 202);
  });

  // The operator lets one held task spend past its client's cap (the rest of this run; README "Budgets").
  app.post('/:taskId/release-budget-hold', ctx.admin, async (c) => {
    const { taskId } = validate(taskIdParam, c.req.param(), 'path');
    const job = await ctx.tasks.get(taskId);
    if (!job) throw notFound(`Task ${taskId}`);
    if (job.status !== 'budget_hold') throw conflict(`Task ${taskId} is not in budget_hold (${job.status})`);
    await ctx.temporal.workflow.getHandle(job.workflowId).signal(releaseBudgetHold, { override: true });
    return c.json({ taskId, workflowId: job.workflowId, status: 'releasing' }, 202);
  });

  onlyMethods(app, '/', ['GET', 'POST']);
  onlyMethods(app, '/:taskId/release-budget-hold', ['POST']);
  onlyMethods(app, '/:taskId', ['GET']);
  onlyMethods(app, '/:taskId/cancel', ['POST']);
  return app;
}
