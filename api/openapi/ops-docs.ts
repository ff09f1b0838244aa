import { z } from 'zod';
import { selfTestBody } from '../routes/system-health-routes';
import { handshakeSchema } from '../routes/notion-handshake';
import { eventSchema } from '../routes/notion-webhook-routes';
import { alertsQuery, testAlertBody } from '../routes/alert-routes';
import { replayBody } from '../routes/job-replay-routes';
import { reportsQuery, selfHealBody } from '../routes/ops-routes';
import { backfillBody, idParam, noteBody } from '../routes/schedule-routes';
import { reasonBody } from '../routes/scheduler-routes';
import type { RouteDoc } from './route-doc';

const scheduleParam = z.object({ id: idParam });
const running = {
  200: 'Finished within waitSeconds: `{ workflowId, status, result | error }`',
  202: 'Still running: `{ workflowId, status: "running" }`',
};
const scheduleAction = (
  action: string,
  summary: string,
  body: z.ZodType,
  responses: Record<number, string>,
): RouteDoc => ({
  method: 'post',
  path: `/api/schedules/:id/${action}`,
  tag: 'Schedules',
  auth: 'dashKey',
  params: scheduleParam,
  body,
  summary,
  responses: { ...responses, 404: 'No such platform schedule' },
});

export const opsDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/health',
    tag: 'Health',
    auth: 'public',
    summary: 'Liveness: Temporal and the database',
    responses: {
      200: '`{ status: "ok", checks, buildId }`',
      503: 'A critical dependency is down (Temporal silent for 3 s counts as down)',
    },
  },
  {
    method: 'get',
    path: '/api/system-health',
    tag: 'Health',
    auth: 'dashKey',
    summary: 'The five-point system check, live, with the last stored probe',
    responses: { 200: '`{ status, checkedAt, checks, lastProbe }`' },
  },
  {
    method: 'post',
    path: '/api/self-test',
    tag: 'Health',
    auth: 'dashKey',
    body: selfTestBody,
    summary: 'Run the health probe workflow through the whole stack',
    responses: running,
  },
  {
    method: 'get',
    path: '/api/schedules',
    tag: 'Schedules',
    auth: 'dashKey',
    summary: 'The platform schedules with state, next run and last result',
    description:
      "Each schedule carries `lastResult`: its newest run (`workflowId`, `runId`, `startedAt`), the run's status as " +
      'Temporal describes it (`running`, `completed`, `failed`, `terminated`, `cancelled`, `timed_out`, ' +
      '`continued_as_new`; `unknown` once the run is past retention), `closedAt`, and `report`: the `{ status, summary }` ' +
      'the run stored (routine report or health probe) or null. `lastResult` is null before the first run.',
    responses: { 200: '`{ scheduler, schedules: [{ …, nextRuns, recentRuns, lastResult }] }`' },
  },
  {
    method: 'get',
    path: '/api/schedules/:id',
    tag: 'Schedules',
    auth: 'dashKey',
    params: scheduleParam,
    summary: 'One schedule: spec, workflow, policies, recent and next runs, last result',
    responses: { 200: 'The schedule', 404: 'No such platform schedule' },
  },
  scheduleAction('pause', 'Pause a schedule', noteBody, { 200: 'The schedule' }),
  scheduleAction('unpause', 'Resume a schedule', noteBody, { 200: 'The schedule' }),
  scheduleAction('trigger', 'Run a schedule now', z.object({}).strict(), {
    202: '`{ scheduleId, workflowType, triggered }`',
  }),
  scheduleAction('backfill', 'Take the runs a schedule missed in a time range', backfillBody, {
    202: '`{ scheduleId, start, end, overlap }`',
  }),
  {
    method: 'post',
    path: '/api/scheduler/stop',
    tag: 'Schedules',
    auth: 'dashKey',
    body: reasonBody,
    summary: 'Pause every platform schedule',
    responses: { 200: '`{ scheduler: "stopped", paused, alreadyPaused }`' },
  },
  {
    method: 'post',
    path: '/api/scheduler/start',
    tag: 'Schedules',
    auth: 'dashKey',
    body: reasonBody,
    summary: 'Resume what stop paused',
    responses: { 200: '`{ scheduler: "running", resumed, keptPaused }`' },
  },
  {
    method: 'post',
    path: '/api/self-heal',
    tag: 'Operations',
    auth: 'dashKey',
    body: selfHealBody,
    summary: 'Run self-heal now (a second call joins the running one)',
    responses: running,
  },
  {
    method: 'post',
    path: '/jobs/replay',
    tag: 'Operations',
    auth: 'dashKey',
    body: replayBody,
    summary: 'Replay failed tasks now (a second call joins the running one)',
    responses: running,
  },
  {
    method: 'get',
    path: '/ops-report',
    tag: 'Operations',
    auth: 'dashKey',
    summary: "The auto-operator's latest report and when it runs next",
    description:
      'Before the first auto-operator run the answer is `{ report: null, nextRunAt }`, not a 404. `nextRunAt` is ' +
      "the ISO time of the schedule's next run, or null when it is not synced, paused, or Temporal does not answer.",
    responses: {
      200: '`{ id, kind, status, summary, report, workflowId, createdAt, nextRunAt }`, or `{ report: null, nextRunAt }` before the first run',
    },
  },
  {
    method: 'get',
    path: '/api/ops-reports',
    tag: 'Operations',
    auth: 'dashKey',
    query: reportsQuery,
    summary: 'Recent stored reports of one kind',
    responses: { 200: '`{ kind, items }`' },
  },
  {
    method: 'get',
    path: '/api/live-ops',
    tag: 'Operations',
    auth: 'dashKey',
    summary: 'Live system stats and the failed-auth guard',
    responses: { 200: 'Stats' },
  },
  {
    method: 'get',
    path: '/p95',
    tag: 'Operations',
    auth: 'dashKey',
    summary: 'Processing latency percentiles per task type and window',
    responses: { 200: '`{ generatedAt, basis, windows }`' },
  },
  {
    method: 'get',
    path: '/api/rate-guard',
    tag: 'Operations',
    auth: 'dashKey',
    summary: 'The failed-key ban list: active bans, recent failures, proxy signals',
    responses: { 200: '`{ bans, recentFailures, signals }`' },
  },
  {
    method: 'delete',
    path: '/api/rate-guard/bans',
    tag: 'Operations',
    auth: 'dashKey',
    summary: 'Lift every ban',
    responses: { 200: '`{ cleared }`' },
  },
  {
    method: 'delete',
    path: '/api/rate-guard/bans/:ip',
    tag: 'Operations',
    auth: 'dashKey',
    params: z.object({ ip: z.string().describe('an IPv4 or IPv6 address') }),
    summary: 'Lift the ban of one address (and forget its strikes)',
    responses: { 200: '`{ cleared }`', 400: '`ip` is not an IP address' },
  },
  {
    method: 'get',
    path: '/api/alerts',
    tag: 'Alerts',
    auth: 'dashKey',
    query: alertsQuery,
    summary: 'Alert channels and the alerts sent lately',
    responses: { 200: '`{ channels, dedupeWindowMinutes, recent }`' },
  },
  {
    method: 'post',
    path: '/api/alerts/test',
    tag: 'Alerts',
    auth: 'dashKey',
    body: testAlertBody,
    summary: 'Send a test alert to every configured channel',
    responses: { 200: 'Per-channel outcome' },
  },
  {
    method: 'post',
    path: '/webhook/notion',
    tag: 'Webhooks',
    auth: 'notionSignature',
    body: z.union([handshakeSchema, eventSchema]),
    summary: 'Notion events start the intake and the Client database sync now (checked by X-Notion-Signature)',
    description:
      'The first, unsigned delivery carries the verification token: it is stored in `data/notion-webhook-verification-token`.',
    responses: {
      200: 'Token stored, or event ignored',
      202: 'Intake and/or client sync started (`intake`, `clientSync`: their workflow ids)',
      401: 'Signature does not match',
      503: 'NOTION_WEBHOOK_SECRET unset',
    },
  },
  {
    method: 'get',
    path: '/openapi.json',
    tag: 'Docs',
    auth: 'public',
    summary: 'This document',
    responses: { 200: 'OpenAPI 3.1 document' },
  },
  {
    method: 'get',
    path: '/docs',
    tag: 'Docs',
    auth: 'public',
    html: true,
    summary: 'This document as a page',
    responses: { 200: 'HTML page' },
  },
];
