import { TRANSIENT_FAILURE_TYPES, type FailureType } from './task';

/**
 * Which failed tasks the two re-run routines pick (pure rules; the SQL in
 * infra/db/repositories/job-replays.ts applies the same lists).
 *
 * - self-heal: failed for a transient reason (TRANSIENT_FAILURE_TYPES) recently; a new run may succeed.
 * - job replay: the original EchoPilot runbook's "Failed-Final" tasks of the last 14 days, except failures bound to the input
 *   itself (the same input fails the same way) — a config fix (LLM key, Notion share) makes the rest pass.
 * Neither re-runs a cancelled task (status `cancelled`, never `failed`) or a refunded one, nor a task
 * that has already been re-run MAX_REPLAYS_PER_TASK times.
 */
export const SELF_HEAL_FAILURE_TYPES: readonly FailureType[] = TRANSIENT_FAILURE_TYPES;
export const INPUT_BOUND_FAILURE_TYPES: readonly FailureType[] = ['invalid_task', 'media_too_large', 'media_too_long'];

export type ReplayRoutine = 'self-heal' | 'job-replay';

export interface ReplayCandidate {
  taskId: string;
  /** Set on the new run's ClientId search attribute. */
  clientId?: string | null;
  replayCount: number;
  failureType: string | null;
  completedAt: string | null;
}

export interface ReplaySelection {
  lookbackHours: number;
  limit: number;
  maxReplays: number;
}

export type ReplayOutcome =
  | { taskId: string; status: 'started'; run: number; workflowId: string; runId: string }
  /** A run of the task is already in flight: never a second concurrent run. */
  | { taskId: string; status: 'already_running'; workflowId: string }
  /** Between selection and claim the task changed (another routine claimed it, cancelled, refunded). */
  | { taskId: string; status: 'not_eligible'; reason: string }
  /** The start kept failing (Temporal or the database unreachable); the next run of the routine retries. */
  | { taskId: string; status: 'error'; reason: string };

export interface ReplayBatchResult {
  routine: ReplayRoutine;
  selected: number;
  started: number;
  alreadyRunning: number;
  notEligible: number;
  errors: number;
  outcomes: ReplayOutcome[];
}

export function summarizeReplays(routine: ReplayRoutine, outcomes: ReplayOutcome[]): ReplayBatchResult {
  return {
    routine,
    selected: outcomes.length,
    started: outcomes.filter((o) => o.status === 'started').length,
    alreadyRunning: outcomes.filter((o) => o.status === 'already_running').length,
    notEligible: outcomes.filter((o) => o.status === 'not_eligible').length,
    errors: outcomes.filter((o) => o.status === 'error').length,
    outcomes,
  };
}
