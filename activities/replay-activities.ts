import { callerWorkflow } from './activity-context';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { ReplayCandidate, ReplayOutcome, ReplayRoutine, ReplaySelection } from '../domain/replay';
import { taskWorkflowId } from '../domain/task';
import { startTaskWorkflow } from '../infra/temporal/start-task-workflow';
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
    async findReplayCandidates(
      input: { routine: ReplayRoutine } & Partial<ReplaySelection>,
    ): Promise<ReplayCandidate[]> {
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
      const caller = callerWorkflow();
      const claimedBy = `${caller.workflowId ?? 'manual'}/${caller.runId ?? ''}`;
      const { taskId } = candidate;
      const from = candidate.replayCount;
      const run = from + 1;
      const workflowId = taskWorkflowId(taskId);

      const claim = await deps.jobReplays.claim({
        taskId,
        from,
        now: now(),
        routine,
        claimedBy,
        previousFailureType: candidate.failureType,
      });
      if (!claim.ok) return { taskId, status: 'not_eligible', reason: claim.reason };
      if (!claim.fresh) {
        // A retry of this activity: the previous attempt may have started the run already.
        const own = claim.taskRunId ?? (await findOwnRun(deps.temporal, workflowId, claimedBy));
        if (own) {
          await deps.jobReplays.markStarted(taskId, run, own);
          return { taskId, status: 'started', run, workflowId, runId: own };
        }
      }
      // Conflict policy FAIL (the default): a task never has two runs at once.
      const start = await startTaskWorkflow(
        deps.temporal,
        deps.config.temporal.taskQueue,
        {
          taskId,
          run,
          clientId: candidate.clientId,
          memo: { startedBy: routine, claimedBy, run },
        },
        deps.taskFairness,
      );
      if (!start.started) {
        await deps.jobReplays.unclaim({ taskId, from, now: now(), claimedBy });
        return { taskId, status: 'already_running', workflowId };
      }
      await deps.jobReplays.markStarted(taskId, run, start.runId);
      return { taskId, status: 'started', run, workflowId, runId: start.runId };
    },
  };
}
