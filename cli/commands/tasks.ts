import { readFileSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import type { TaskStatus } from '../../domain/task';
import { createApiClient, type ApiClient } from '../api-client';
import { bootConfig } from '../boot';
import { printFields, printJson, printTable } from '../print';
import { waitForTask } from './wait-for-task';

type Task = {
  taskId: string;
  status: TaskStatus;
  title: string;
  qaScore: number | null;
  costUsd: string;
  createdAt: string;
  clientId: string | null;
  [k: string]: unknown;
};
type Page = { items: Task[]; nextCursor: string | null };

export const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
};

/** The API client of the command's `--api-url` (or ECHOPILOT_API_URL). */
export const apiFor = (cmd: Command): ApiClient =>
  createApiClient(bootConfig(), cmd.optsWithGlobals<{ apiUrl?: string }>().apiUrl);

export function printTaskList(page: Page, json: boolean): void {
  if (json) return printJson(page.items);
  if (page.items.length === 0) return void console.log('No tasks.');
  printTable(
    ['TASK', 'STATUS', 'QA', 'COST USD', 'CREATED', 'TITLE'],
    page.items.map((t) => [t.taskId, t.status, t.qaScore, t.costUsd, t.createdAt, t.title]),
  );
  if (page.nextCursor) console.log(`more: --cursor ${page.nextCursor}`);
}

function printTask(t: Task): void {
  const failure = t.failure as { type: string; reason: string } | undefined;
  const attempts = (t.attempts as { n: number; qaScore: number | null }[] | undefined) ?? [];
  printFields([
    ['task', t.taskId],
    ['status', t.status],
    ['title', t.title],
    ['type', t.type],
    ['client', t.clientId],
    ['source', t.source],
    ['workflow', t.workflowId],
    ['run', t.run],
    ['qa score', t.qaScore],
    ['attempts', attempts.map((a) => `#${a.n}=${a.qaScore ?? '-'}`).join(' ')],
    ['cost USD', t.costUsd],
    ['model', t.model],
    ['created', t.createdAt],
    ['started', t.startedAt],
    ['completed', t.completedAt],
    ...(failure ? ([['failure', `${failure.type}: ${failure.reason}`]] as [string, unknown][]) : []),
  ]);
  if (typeof t.result === 'string' && t.result) console.log(`\n${t.result}`);
}

export function registerTaskCommands(program: Command): void {
  const tasks = program
    .command('tasks')
    .description('Submit, follow and cancel tasks through the HTTP API')
    .option('--api-url <url>', 'the API (default ECHOPILOT_API_URL or http://127.0.0.1:$PORT)');

  tasks
    .command('list')
    .description('Newest tasks first')
    .option('-s, --status <status>', 'only this status (queued, running, done, low_qa, failed, cancelled)')
    .option('-c, --client <clientId>', 'only this client')
    .option('-n, --limit <n>', 'how many (1-100)', positiveInt, 20)
    .option('--cursor <cursor>', 'the page after this cursor (printed under a full page)')
    .option('--json', 'print JSON')
    .action(
      async (o: { status?: string; client?: string; limit: number; cursor?: string; json?: boolean }, cmd: Command) => {
        const q = new URLSearchParams({
          limit: String(o.limit),
          ...(o.status && { status: o.status }),
          ...(o.client && { clientId: o.client }),
          ...(o.cursor && { cursor: o.cursor }),
        });
        printTaskList(await apiFor(cmd).get<Page>(`/api/tasks?${q.toString()}`), !!o.json);
      },
    );

  tasks
    .command('show <taskId>')
    .description('One task: status, QA attempts, cost, failure and result')
    .option('--json', 'print JSON')
    .action(async (taskId: string, o: { json?: boolean }, cmd: Command) => {
      const t = await apiFor(cmd).get<Task>(`/api/tasks/${encodeURIComponent(taskId)}`);
      if (o.json) printJson(t);
      else printTask(t);
    });

  tasks
    .command('submit')
    .description('Submit a task; with --wait, follow it to the end (exit 0 done, 1 low_qa/failed/cancelled, 2 timeout)')
    .requiredOption('-t, --title <title>', 'task title')
    .option('-p, --prompt <prompt>', 'the prompt')
    .option('--prompt-file <file>', 'read the prompt from a file (- for stdin)')
    .option('--type <type>', 'text or media', 'text')
    .option('--media-url <url>', 'media to transcribe (type media)')
    .option('-c, --client <clientId>', 'client id')
    .option('-k, --idempotency-key <key>', 'the same key never creates a second task')
    .option('-w, --wait', 'wait for the task to finish, with a progress line')
    .option('--timeout <seconds>', 'give up waiting after this long', positiveInt, 600)
    .option('--json', 'print JSON')
    .action(
      async (
        o: {
          title: string;
          prompt?: string;
          promptFile?: string;
          type: string;
          mediaUrl?: string;
          client?: string;
          idempotencyKey?: string;
          wait?: boolean;
          timeout: number;
          json?: boolean;
        },
        cmd: Command,
      ) => {
        if (!o.prompt === !o.promptFile) throw new Error('Give exactly one of --prompt and --prompt-file');
        const prompt = o.prompt ?? readFileSync(o.promptFile === '-' ? 0 : o.promptFile!, 'utf8');
        const api = apiFor(cmd);
        const body = {
          title: o.title,
          prompt,
          type: o.type,
          ...(o.mediaUrl && { media: { url: o.mediaUrl } }),
          ...(o.client && { clientId: o.client }),
          ...(o.idempotencyKey && { idempotencyKey: o.idempotencyKey }),
        };
        const created = await api.post<{ taskId: string; workflowId: string; status: TaskStatus }>('/api/tasks', body);
        if (!o.wait)
          return o.json
            ? printJson(created)
            : console.log(`submitted ${created.taskId} (${created.status}, workflow ${created.workflowId})`);
        if (!o.json) console.log(`submitted ${created.taskId} (workflow ${created.workflowId})`);
        const final = await waitForTask(api, created.taskId, o.timeout * 1000);
        if (!final) {
          console.error(
            `still not finished after ${o.timeout} s; \`echopilot tasks show ${created.taskId}\` follows it`,
          );
          process.exitCode = 2;
          return;
        }
        if (o.json) printJson(final);
        else printTask(final as Task);
        if (final.status !== 'done') process.exitCode = 1;
      },
    );

  tasks
    .command('cancel <taskId>')
    .description('Cancel a queued or running task')
    .option('--json', 'print JSON')
    .action(async (taskId: string, o: { json?: boolean }, cmd: Command) => {
      const r = await apiFor(cmd).post<{ taskId: string; status: string }>(
        `/api/tasks/${encodeURIComponent(taskId)}/cancel`,
      );
      if (o.json) printJson(r);
      else console.log(`cancelling ${r.taskId}`);
    });
}
