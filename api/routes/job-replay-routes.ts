import { Hono } from 'hono';
import { z } from 'zod';
import type { jobReplay } from '../../workflows/job-replay';
import type { AppEnv } from '../app-env';
import type { RouteContext } from '../app-deps';
import { onlyMethods } from '../method-guard';
import { AUDIT_ACTIONS } from '../../domain/audit-actions';
import { runOps } from '../ops-run';
import { parseJsonBody } from '../validation';
import { waitSecondsSchema as waitSeconds } from '../workflow-wait';

export const replayBody = z
  .object({
    waitSeconds,
    lookbackDays: z.number().int().min(1).max(90).optional(),
    limit: z.number().int().min(1).max(500).optional(),
  })
  .strict();

/** Runs job replay now (re-runs tasks that ended failed); mounted at `/jobs/replay` by legacy-paths. */
export function jobReplayRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/', ctx.admin, async (c) => {
    const b = await parseJsonBody(c, replayBody);
    const lookbackHours = b.lookbackDays === undefined ? undefined : b.lookbackDays * 24;
    return runOps<typeof jobReplay>(ctx, c, {
      workflowType: 'jobReplay',
      workflowId: 'job-replay-api',
      input: { lookbackHours, limit: b.limit },
      waitSeconds: b.waitSeconds,
      action: AUDIT_ACTIONS.jobReplay,
    });
  });
  onlyMethods(app, '/', ['POST']);
  return app;
}
