import { setTimeout as sleep } from 'node:timers/promises';
import { TERMINAL_STATUSES, type TaskStatus } from '../../domain/task';
import type { ApiClient } from '../api-client';

type Polled = { taskId: string; status: TaskStatus; attempts?: unknown[]; [k: string]: unknown };

const POLL_MS = 1_000;

/**
 * Polls the task until it reaches a terminal status or `timeoutMs` passes (then undefined). The
 * progress line goes to stderr, so `--json` output on stdout stays parseable: rewritten in place on
 * a terminal, one line per change otherwise (logs, pipes).
 */
export async function waitForTask(
  api: ApiClient,
  taskId: string,
  timeoutMs: number,
  out: NodeJS.WriteStream = process.stderr,
): Promise<Polled | undefined> {
  const started = Date.now();
  let last = '';
  for (;;) {
    const t = await api.get<Polled>(`/api/tasks/${encodeURIComponent(taskId)}`);
    const seconds = Math.round((Date.now() - started) / 1000);
    const attempts = t.attempts?.length ?? 0;
    const state = `${t.status}${attempts ? `, QA attempt ${attempts}` : ''}`;
    if (out.isTTY) out.write(`\r\x1b[2Kwaiting for ${taskId}: ${state} (${seconds} s)`);
    else if (state !== last) out.write(`waiting for ${taskId}: ${state} (${seconds} s)\n`);
    last = state;
    if (TERMINAL_STATUSES.includes(t.status)) {
      if (out.isTTY) out.write('\n');
      return t;
    }
    if (Date.now() - started >= timeoutMs) {
      if (out.isTTY) out.write('\n');
      return undefined;
    }
    await sleep(POLL_MS);
  }
}
