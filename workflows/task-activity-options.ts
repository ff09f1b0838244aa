import { ActivityCancellationType, type ActivityOptions, type LocalActivityOptions } from '@temporalio/workflow';
import type { TaskSettings } from '../domain/contracts/task-pipeline';
import { NON_RETRYABLE_FAILURE_TYPES } from '../domain/task';

/**
 * Activity options of `processTask`, shared with the benchmark's baseline workflow so that the baseline
 * runs the same activities with the same options (bench/baseline-workflow.ts).
 */

/**
 * Ledger reads/writes: cheap, idempotent, retried until the database answers (a crash loses no task).
 * Local activities: they run in the worker that runs the workflow, saving two server round trips per
 * step (measured in `npm run bench`); being idempotent, a re-execution after a crash is harmless.
 */
export const LEDGER_ACTIVITY_OPTIONS: LocalActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: ['invalid_task', 'llm_not_configured'],
  },
};

export const NOTION_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '2 minutes', maximumAttempts: 8 },
};

const NON_RETRYABLE = [...NON_RETRYABLE_FAILURE_TYPES];

/** LLM steps before `llm-retry-deadline`: six attempts (kept for histories recorded with them). */
export const legacyLlmActivityOptions = (
  s: Pick<TaskSettings, 'llmTimeoutMs' | 'heartbeatTimeoutMs'>,
): ActivityOptions => ({
  startToCloseTimeout: s.llmTimeoutMs + 30_000,
  heartbeatTimeout: s.heartbeatTimeoutMs,
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '2 minutes',
    maximumAttempts: 6,
    nonRetryableErrorTypes: NON_RETRYABLE,
  },
});

/** LLM_RETRY_DEADLINE's default, for runs whose settings were loaded before it existed. */
export const DEFAULT_LLM_RETRY_DEADLINE_MS = 6 * 3_600_000;

/**
 * LLM steps: heartbeating, cancellable mid-call. No attempt limit: a 429 waits as long as the provider
 * asks (nextRetryDelay, benign) and transient failures retry with backoff capped at a minute, until
 * LLM_RETRY_DEADLINE (schedule-to-close) ends the step. Rejections fail at once (non-retryable types).
 */
export const llmActivityOptions = (
  s: Pick<TaskSettings, 'llmTimeoutMs' | 'heartbeatTimeoutMs' | 'llmRetryDeadlineMs'>,
): ActivityOptions => ({
  startToCloseTimeout: s.llmTimeoutMs + 30_000,
  scheduleToCloseTimeout: s.llmRetryDeadlineMs ?? DEFAULT_LLM_RETRY_DEADLINE_MS,
  heartbeatTimeout: s.heartbeatTimeoutMs,
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: NON_RETRYABLE,
  },
});

/**
 * Media steps. A download heartbeats only when bytes arrive, so its heartbeat timeout covers the idle
 * timeout (runs recorded before it existed keep the LLM heartbeat timeout).
 */
export const mediaActivityOptions = (
  s: Pick<TaskSettings, 'heartbeatTimeoutMs' | 'mediaHeartbeatTimeoutMs'>,
): ActivityOptions => ({
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: s.mediaHeartbeatTimeoutMs ?? s.heartbeatTimeoutMs,
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: {
    initialInterval: '5 seconds',
    maximumInterval: '5 minutes',
    maximumAttempts: 5,
    nonRetryableErrorTypes: NON_RETRYABLE,
  },
});

/** Deleting a run's cached media: quick, idempotent, a few tries (the periodic sweep catches the rest). */
export const MEDIA_RELEASE_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 3 },
};
