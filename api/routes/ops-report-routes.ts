import { Hono } from 'hono';
import { nextScheduledRun } from '../../schedules/next-run';
import { AUTO_OPERATOR_SCHEDULE } from '../../schedules/ops-definitions';
import type { AppEnv } from '../app-env';
import type { RouteContext } from '../app-deps';
import { onlyMethods } from '../method-guard';
import { showReport } from '../ops-report-view';

/**
 * The auto-operator's latest report with the time of its next run; mounted at `/ops-report` by legacy-paths.
 * Before the first run the answer is `{ report: null, nextRunAt }`: "nothing yet, next at …" is not an error.
 */
export function opsReportRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // The report is read from the database; an unreachable Temporal only leaves the next run unknown.
  const nextRunAt = () =>
    nextScheduledRun(ctx.temporal, AUTO_OPERATOR_SCHEDULE).catch((err: unknown) => {
      ctx.logger.warn({ err }, 'could not read the auto-operator schedule for GET /ops-report');
      return null;
    });
  app.get('/', ctx.admin, async (c) => {
    const [latest, next] = await Promise.all([ctx.ops.opsReports.latest('auto-operator'), nextRunAt()]);
    return c.json(latest ? { ...showReport(latest), nextRunAt: next } : { report: null, nextRunAt: next });
  });
  onlyMethods(app, '/', ['GET']);
  return app;
}
