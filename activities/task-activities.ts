import { ApplicationFailure } from '@temporalio/common';
import type OpenAI from 'openai';
import { taskSpecSchema } from '../domain/task-spec';
import type { ProcessTaskInput, TaskStatus } from '../domain/task';
import type { Config } from '../infra/config/load-config';
import type { ClientRepository } from '../infra/db/repositories/clients';
import type { TaskLedger } from '../infra/db/repositories/task-ledger';
import type { AppMetrics } from '../infra/metrics/app-metrics';
import { llmNotConfigured } from './llm-errors';
import type { FinishedTotals, FinishOutcome, LoadedTask } from '../domain/contracts/task-pipeline';

export interface TaskActivityDeps {
  tasks: TaskLedger;
  /** Undefined when no API key is configured: tasks then fail fast, non-retryably. */
  llm?: OpenAI;
  llmConfig: Config['llm'];
  /** Media settings the workflow needs (the idle timeout sets the media heartbeat timeout). */
  media?: Pick<Config['media'], 'idleTimeoutMs'>;
  buildId: string;
  notionEnabled: boolean;
  metrics: AppMetrics;
  /** Tasks may only name existing clients (Notion rows are checked here; API tasks on submit). */
  clientBudget?: { clients: Pick<ClientRepository, 'existing'> };
  /** Set where workers poll the per-model LLM task queues (cli/platform.ts): model → queue. */
  llmTaskQueues?: Record<string, string>;
}

export function createTaskActivities(deps: TaskActivityDeps) {
  return {
    /** Marks the run started, loads and validates the task. Bad tasks fail once, without retries. */
    async loadTask(input: ProcessTaskInput): Promise<LoadedTask> {
      // Marks the run started and reads the row in one statement; only a miss needs a second look.
      const row = await deps.tasks.markRunning(input.taskId, input.run, deps.buildId);
      if (!row) {
        const current = await deps.tasks.get(input.taskId);
        if (!current)
          throw ApplicationFailure.nonRetryable(`Task ${input.taskId} is not in the job ledger`, 'invalid_task');
        throw ApplicationFailure.nonRetryable(
          `Run ${input.run} is stale: the job is at run ${current.replayCount}`,
          'invalid_task',
        );
      }
      const parsed = taskSpecSchema.safeParse({ ...row, source: row.source, type: row.type });
      if (!parsed.success) {
        const why = parsed.error.issues
          .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
          .join('; ');
        throw ApplicationFailure.nonRetryable(`Invalid task: ${why}`, 'invalid_task');
      }
      const clientId = parsed.data.clientId;
      if (clientId && deps.clientBudget && !(await deps.clientBudget.clients.existing([clientId])).has(clientId))
        throw ApplicationFailure.nonRetryable(
          'Invalid task: clientId: no such client (create it with POST /api/clients)',
          'invalid_task',
        );
      if (!deps.llm) throw llmNotConfigured();
      const c = deps.llmConfig;
      return {
        task: parsed.data,
        settings: {
          llmModel: c.model,
          qaModel: c.qaModel,
          transcribeModel: c.transcribeModel,
          qaThreshold: c.qaThreshold,
          qaMaxAttempts: c.qaMaxAttempts,
          llmTimeoutMs: c.timeoutMs,
          heartbeatTimeoutMs: c.heartbeatTimeoutMs,
          ...(deps.media
            ? { mediaHeartbeatTimeoutMs: Math.max(c.heartbeatTimeoutMs, deps.media.idleTimeoutMs + 10_000) }
            : {}),
          llmRetryDeadlineMs: c.retryDeadlineMs,
          notionEnabled: deps.notionEnabled,
          ...(deps.llmTaskQueues ? { llmTaskQueues: deps.llmTaskQueues } : {}),
        },
      };
    },

    /** Writes the run's outcome to the ledger (idempotent) and returns the task's totals. */
    async finishTask(input: ProcessTaskInput & { outcome: FinishOutcome }): Promise<FinishedTotals> {
      const o = input.outcome;
      const row = await deps.tasks.finish(input.taskId, input.run, {
        status: o.status,
        attempts: o.attempts,
        ...(o.status === 'done' || o.status === 'low_qa'
          ? { result: o.result, qaScore: o.qaScore, model: o.model }
          : {}),
        ...(o.status === 'failed' ? { failureType: o.failureType, failureReason: o.reason.slice(0, 2000) } : {}),
      });
      // Counted only when this run wrote the outcome (a stale run's finish changes nothing).
      if (row) deps.metrics.tasksFinished.inc({ status: row.status, client: row.clientId ?? 'none' });
      const current = row ?? (await deps.tasks.get(input.taskId));
      return {
        status: (current?.status ?? o.status) as TaskStatus,
        costMicroUsd: current?.costMicroUsd ?? 0,
        inputTokens: current?.inputTokens ?? 0,
        outputTokens: current?.outputTokens ?? 0,
      };
    },
  };
}
export type TaskActivities = ReturnType<typeof createTaskActivities>;
