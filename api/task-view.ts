import { formatMicroUsd } from '../domain/money';
import { mediaChargeMicroUsd } from '../domain/pricing';
import type { AttemptRow, TaskRow } from '../infra/db/repositories/task-ledger';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The README "HTTP API" task shape; money as six-decimal strings, times as UTC ISO strings. */
export function taskView(job: TaskRow, steps?: AttemptRow[], ratePerMinUsd?: number) {
  const attempts = steps
    ?.filter((s) => s.step === 'qa' && s.run === job.replayCount)
    .map((s) => ({ n: s.attempt, qaScore: s.qaScore, feedback: s.feedback ?? '' }));
  return {
    taskId: job.taskId,
    status: job.status,
    title: job.title,
    qaScore: job.qaScore,
    ...(attempts ? { attempts } : { attemptCount: job.attempts }),
    ...(steps ? { result: job.result } : {}),
    costUsd: formatMicroUsd(job.costMicroUsd),
    tokens: { input: job.inputTokens, output: job.outputTokens },
    model: job.model,
    createdAt: iso(job.createdAt),
    startedAt: iso(job.startedAt),
    completedAt: iso(job.completedAt),
    workflowId: job.workflowId,
    clientId: job.clientId,
    type: job.type,
    source: job.source,
    run: job.replayCount,
    priority: job.priority,
    ...(job.failureType ? { failure: { type: job.failureType, reason: job.failureReason } } : {}),
    ...(job.mediaSeconds != null && ratePerMinUsd !== undefined
      ? {
          media: {
            seconds: job.mediaSeconds,
            chargeUsd: formatMicroUsd(mediaChargeMicroUsd(job.mediaSeconds, ratePerMinUsd)),
          },
        }
      : {}),
  };
}
