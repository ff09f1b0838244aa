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

export function encodeCursor(job: Pick<TaskRow, 'createdAt' | 'taskId'>): string {
  return Buffer.from(JSON.stringify([job.createdAt.toISOString(), job.taskId])).toString('base64url');
}

/** The cursor back, or undefined when it is not one of ours. */
export function decodeCursor(cursor: string): { createdAt: Date; taskId: string } | undefined {
  try {
    const [at, taskId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const createdAt = new Date(at);
    if (typeof taskId !== 'string' || Number.isNaN(createdAt.getTime())) return undefined;
    return { createdAt, taskId };
  } catch {
    return undefined;
  }
}
