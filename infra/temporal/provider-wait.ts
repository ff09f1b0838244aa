import { WorkflowNotFoundError, type Client } from '@temporalio/client';

const LLM_ACTIVITIES = new Set(['generateAnswer', 'evaluateAnswer']);

export interface ProviderWait {
  phase: 'waiting_for_provider';
  /** Which try of the step comes next. */
  attempt: number;
  /** The provider's last answer (rate limit, 5xx, unreachable); never carries a secret. */
  lastError: string | null;
  nextAttemptAt: string | null;
}

/**
 * Whether a running task's LLM step is waiting for the provider (rate limited, paced or the provider
 * failing): Temporal keeps such a step pending between tries, with its attempt count and last failure.
 */
export async function providerWait(client: Client, workflowId: string): Promise<ProviderWait | undefined> {
  try {
    const d = await client.workflow.getHandle(workflowId).describe();
    if (d.status.name !== 'RUNNING') return undefined;
    const a = (d.raw.pendingActivities ?? []).find(
      (p) => LLM_ACTIVITIES.has(p.activityType?.name ?? '') && (p.attempt ?? 1) > 1 && p.lastFailure,
    );
    if (!a) return undefined;
    const next = a.nextAttemptScheduleTime?.seconds;
    return {
      phase: 'waiting_for_provider',
      attempt: a.attempt ?? 2,
      lastError: a.lastFailure?.message?.slice(0, 300) ?? null,
      nextAttemptAt: next != null ? new Date(Number(next) * 1000).toISOString() : null,
    };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}
