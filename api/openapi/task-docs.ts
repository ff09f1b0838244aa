import { createTaskBodySchema } from '../../domain/task-spec';
import { taskIdParam, taskListQuery } from '../routes/task-routes';
import { taskReplayBody } from '../routes/task-replay-routes';
import type { RouteDoc } from './route-doc';

export const taskDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/tasks',
    tag: 'Tasks',
    auth: 'dashKey',
    body: createTaskBodySchema,
    summary: 'Submit a task',
    description:
      'Stores the task and starts its `task-<taskId>` workflow. A repeated `idempotencyKey` returns the task stored under it and starts nothing new.',
    responses: {
      202: 'Accepted: `{ taskId, workflowId, status }`',
      409: 'The idempotencyKey was used for a different task',
    },
  },
  {
    method: 'get',
    path: '/api/tasks',
    tag: 'Tasks',
    auth: 'dashKey',
    query: taskListQuery,
    summary: 'List tasks, newest first',
    description: 'Pages with `nextCursor`: pass it back as `cursor` for the next page (null on the last one).',
    responses: { 200: '`{ items: Task[], nextCursor }`' },
  },
  {
    method: 'get',
    path: '/api/tasks/:taskId',
    tag: 'Tasks',
    auth: 'dashKey',
    params: taskIdParam,
    summary: 'One task with its result, QA attempts, cost and failure',
    responses: { 200: 'The task', 404: 'No such task' },
  },
  {
    method: 'post',
    path: '/api/tasks/:taskId/cancel',
    tag: 'Tasks',
    auth: 'dashKey',
    params: taskIdParam,
    summary: 'Cancel a running or queued task',
    description: 'The workflow aborts the in-flight LLM call and records `cancelled`.',
    responses: {
      202: '`{ taskId, workflowId, status: "cancelling" }`',
      404: 'No such task',
      409: 'The task already finished',
    },
  },
  {
    method: 'post',
    path: '/api/tasks/:taskId/replay',
    tag: 'Tasks',
    auth: 'dashKey',
    params: taskIdParam,
    body: taskReplayBody,
    summary: 'Re-run one failed task (the job-replay claim; audited)',
    description:
      'Starts the `taskReplay` workflow (`task-replay-<taskId>-<replayCount>`), which claims the task and starts its next run under `task-<taskId>`; a double click joins the same replay.',
    responses: {
      200: '`{ workflowId, status: "completed", result: { taskId, status: "started" | "already_running" | "not_eligible" | "error", … } }`',
      202: 'Still running: `{ workflowId, status: "running" }`',
      404: 'No such task',
      409: 'The task is not failed',
    },
  },
];
