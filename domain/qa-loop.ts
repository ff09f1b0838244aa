/** Pure rules of the generate → QA → regenerate loop, shared by the workflow and its tests. */

export interface AttemptOutcome {
  n: number;
  text: string;
  /** null when the QA output was unparsable: a failed attempt, never a pass. */
  score: number | null;
  feedback: string;
}

export const passed = (a: AttemptOutcome, threshold: number) => a.score !== null && a.score >= threshold;

/** The attempt to publish: highest score; an unparsable verdict ranks below any score; ties keep the earlier. */
export function bestAttempt(attempts: readonly AttemptOutcome[]): AttemptOutcome | undefined {
  let best: AttemptOutcome | undefined;
  for (const a of attempts) {
    if (!best || (a.score ?? -1) > (best.score ?? -1)) best = a;
  }
  return best;
}

/** The user message for a regeneration: the task again, the previous answer and what QA asked for. */
export function regenerationMessage(previous: AttemptOutcome): string {
  return [
    'Your previous answer did not pass quality review.',
    `Reviewer score: ${previous.score ?? 'n/a'}/100.`,
    `Reviewer feedback: ${previous.feedback}`,
    'Write an improved, complete answer to the original task. Reply with the answer only.',
  ].join('\n');
}
