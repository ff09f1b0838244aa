import { and, asc, eq, gte, inArray, isNull, lt, notInArray, or, sql } from 'drizzle-orm';
import { REFUNDED_TASK_PAYMENT_STATUSES } from '../../../domain/payments';
import {
  INPUT_BOUND_FAILURE_TYPES,
  SELF_HEAL_FAILURE_TYPES,
  type ReplayCandidate,
  type ReplayRoutine,
} from '../../../domain/replay';
import type { Db } from '../open-database';
import { taskNotRefunded } from './job-conditions';
import { jobReplays, jobs } from '../schema';

export type ClaimResult = { ok: true; fresh: boolean; taskRunId: string | null } | { ok: false; reason: string };

export interface CandidateQuery {
  now: Date;
  lookbackHours: number;
  limit: number;
  maxReplays: number;
}

const failedAt = sql`coalesce(${jobs.completedAt}, ${jobs.updatedAt})`;
/** No money went back for the task (a partial refund counts: the client was compensated for it). */

/** Ledger side of self-heal and job replay: pick candidates, claim one re-run, record it. */
export function createJobReplayRepository(db: Db) {
  async function candidates(q: CandidateQuery, failureFilter: ReturnType<typeof and>): Promise<ReplayCandidate[]> {
    const since = new Date(q.now.getTime() - q.lookbackHours * 3_600_000);
    const rows = await db
      .select({
        taskId: jobs.taskId,
        clientId: jobs.clientId,
        replayCount: jobs.replayCount,
        failureType: jobs.failureType,
        completedAt: jobs.completedAt,
      })
      .from(jobs)
      .where(
        and(
          eq(jobs.status, 'failed'),
          failureFilter,
          gte(failedAt, since),
          lt(jobs.replayCount, q.maxReplays),
          taskNotRefunded,
        ),
      )
      // Oldest first: those leave the look-back window soonest.
      .orderBy(asc(failedAt), asc(jobs.taskId))
      .limit(q.limit);
    return rows.map((r) => ({ ...r, completedAt: r.completedAt?.toISOString() ?? null }));
  }

  return {
    /** Failed for a transient reason within the look-back window. */
    selfHealCandidates: (q: CandidateQuery) => candidates(q, inArray(jobs.failureType, [...SELF_HEAL_FAILURE_TYPES])),
    /** "Failed-Final" within the look-back window, except failures bound to the input. */
    jobReplayCandidates: (q: CandidateQuery) =>
      candidates(q, or(isNull(jobs.failureType), notInArray(jobs.failureType, [...INPUT_BOUND_FAILURE_TYPES]))),

    /**
     * Claims run `from + 1` of a task, in one transaction: the ledger row moves from failed with replay
     * count `from` to queued with `from + 1` (compare-and-set: of two routines picking the same task,
     * one wins) and a job_replays row records who claimed it. A retried activity finds its own claim.
     */
    async claim(c: {
      taskId: string;
      from: number;
      now: Date;
      routine: ReplayRoutine;
      claimedBy: string;
      previousFailureType: string | null;
    }): Promise<ClaimResult> {
      const run = c.from + 1;
      return db.transaction(async (tx) => {
        const moved = await tx
          .update(jobs)
          .set({ status: 'queued', replayCount: run, updatedAt: c.now })
          .where(
            and(eq(jobs.taskId, c.taskId), eq(jobs.status, 'failed'), eq(jobs.replayCount, c.from), taskNotRefunded),
          )
          .returning({ taskId: jobs.taskId });
        if (moved.length === 1) {
          await tx.insert(jobReplays).values({
            taskId: c.taskId,
            run,
            routine: c.routine,
            claimedBy: c.claimedBy,
            previousFailureType: c.previousFailureType,
          });
          return { ok: true, fresh: true, taskRunId: null };
        }
        const [mine] = await tx
          .select({ taskRunId: jobReplays.taskRunId })
          .from(jobReplays)
          .where(and(eq(jobReplays.taskId, c.taskId), eq(jobReplays.run, run), eq(jobReplays.claimedBy, c.claimedBy)));
        if (mine) return { ok: true, fresh: false, taskRunId: mine.taskRunId };
        const [row] = await tx
          .select({ status: jobs.status, replayCount: jobs.replayCount, paymentStatus: jobs.paymentStatus })
          .from(jobs)
          .where(eq(jobs.taskId, c.taskId));
        const reason = !row
          ? 'task not found'
          : (REFUNDED_TASK_PAYMENT_STATUSES as readonly (string | null)[]).includes(row.paymentStatus)
            ? `payment ${row.paymentStatus!.replace('_', ' ')}`
            : `task is ${row.status} with replay count ${row.replayCount} (another run claimed it)`;
        return { ok: false, reason };
      });
    },
    /** Gives a claim back when its run could not start because another run was in flight. */
    async unclaim(c: { taskId: string; from: number; now: Date; claimedBy: string }): Promise<void> {
      await db.transaction(async (tx) => {
        await tx
          .update(jobs)
          .set({ status: 'failed', replayCount: c.from, updatedAt: c.now })
          .where(and(eq(jobs.taskId, c.taskId), eq(jobs.status, 'queued'), eq(jobs.replayCount, c.from + 1)));
        await tx
          .delete(jobReplays)
          .where(
            and(eq(jobReplays.taskId, c.taskId), eq(jobReplays.run, c.from + 1), eq(jobReplays.claimedBy, c.claimedBy)),
          );
      });
    },
    async markStarted(taskId: string, run: number, taskRunId: string): Promise<void> {
      await db
        .update(jobReplays)
        .set({ taskRunId })
        .where(and(eq(jobReplays.taskId, taskId), eq(jobReplays.run, run)));
    },
    async countSince(since: Date): Promise<Record<string, number>> {
      const rows = await db
        .select({ routine: jobReplays.routine, n: sql<number>`count(*)::int` })
        .from(jobReplays)
        .where(gte(jobReplays.createdAt, since))
        .groupBy(jobReplays.routine);
      return Object.fromEntries(rows.map((r) => [r.routine, Number(r.n)]));
    },
  };
}
export type JobReplayRepository = ReturnType<typeof createJobReplayRepository>;
