import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { ReplayCandidate, ReplayOutcome, ReplayRoutine, ReplaySelection } from '../domain/replay';
import { taskWorkflowId, type ProcessTaskInput } from '../domain/task';
import type { OpsActivityDeps } from './ops-deps';

export interface ReplayTaskInput {
  routine: ReplayRoutine;
  candidate: ReplayCandidate;
}

/** The run of `workflowId` that this claim started earlier (an activity retry after a crash), if any. */
async function findOwnRun(temporal: Client, workflowId: string, claimedBy: string): Promise<string | undefined> {
  try {
    const d = await temporal.workflow.getHandle(workflowId).describe();
    return d.memo?.claimedBy === claimedBy ? d.runId : undefined;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

export function createReplayActivities(deps: OpsActivityDeps) {
  const now = deps.now ?? (() => new Date());
  const { ops } = deps.config;

  return {
    /** The candidates of one routine, with the configured limits unless the caller narrows them. */
    async findReplayCandidates(input: { routine: ReplayRoutine } & Partial<ReplaySelection>): Promise<ReplayCandidate[]> {
      const selfHeal = input.routine === 'self-heal';
      const q = {
        now: now(),
        lookbackHours: input.lookbackHours ?? (selfHeal ? ops.selfHealLookbackHours : ops.jobReplayLookbackDays * 24),
        limit: input.limit ?? (selfHeal ? ops.selfHealBatch : ops.jobReplayBatch),
        maxReplays: input.maxReplays ?? ops.maxReplaysPerTask,
      };
      return selfHeal ? deps.jobReplays.selfHealCandidates(q) : deps.jobReplays.jobReplayCandidates(q);
    },

    /**
     * Starts a new run of one failed task: claim it in the ledger (replay count + 1), then start
     * `processTask` under the task's own workflow id with conflict policy FAIL, so a task never has two
     * runs at once. When a run is already in flight the claim is given back.
     */
    async replayTask({ routine, candidate }: ReplayTaskInput): Promise<ReplayOutcome> {
      const { workflowExecution } = Context.current().info;
      const claimedBy = `${workflowExecution?.workflowId ?? 'manual'}/${workflowExecution?.runId ?? ''}`;
      const { taskId } = candidate;
      const from = candidate.replayCount;
      const run = from + 1;
      const workflowId = taskWorkflowId(taskId);

      const claim = await deps.jobReplays.claim({ taskId, from, now: now(), routine, claimedBy, previousFailureType: candidate.failureType });
      if (!claim.ok) return { taskId, status: 'not_eligible', reason: claim.reason };
      if (!claim.fresh) {
        // A retry of this activity: the previous attempt may have started the run already.
        const own = claim.taskRunId ?? (await findOwnRun(deps.temporal, workflowId, claimedBy));
        if (own) {
          await deps.jobReplays.markStarted(taskId, run, own);
          return { taskId, status: 'started', run, workflowId, runId: own };
        }
      }
      const input: ProcessTaskInput = { taskId, run };
      try {
        const handle = await deps.temporal.workflow.start('processTask', {
          taskQueue: deps.config.temporal.taskQueue,
          workflowId,
          args: [input],
          workflowIdReusePolicy: 'ALLOW_DUPLICATE',
          workflowIdConflictPolicy: 'FAIL',
          memo: { startedBy: routine, claimedBy, run },
        });
        await deps.jobReplays.markStarted(taskId, run, handle.firstExecutionRunId);
        return { taskId, status: 'started', run, workflowId, runId: handle.firstExecutionRunId };
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err; // retryable; the claim stays ours
        await deps.jobReplays.unclaim({ taskId, from, now: now(), claimedBy });
        return { taskId, status: 'already_running', workflowId };
      }
    },
  };
}
