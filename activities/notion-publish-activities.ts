import { formatMicroUsd } from '../domain/money';
import { taskWorkflowId } from '../domain/task';
import { NOTION_QUEUE_STATUS } from '../domain/notion-properties';
import { resultBlocks, resultMarker } from '../domain/notion-blocks';
import type { Config } from '../infra/config/load-config';
import type { TaskLedger } from '../infra/db/repositories/task-ledger';
import type { NotionGateway } from '../infra/notion/notion-gateway';
import { encodeProperties } from '../infra/notion/property-values';
import type { FinishedTotals, FinishOutcome } from '../domain/contracts/task-pipeline';
import { heartbeat, isRetry } from './activity-context';
import { logAutomationOp, mapNotionError, onceInNotion } from './notion-effects';

export interface NotionPublishDeps {
  tasks: TaskLedger;
  notion?: NotionGateway;
  notionConfig: Config['notion'];
  runLink: (workflowId: string) => string;
  buildId: string;
}

export interface NotionPublishInput {
  taskId: string;
  run: number;
  notionPageId: string | null;
  title: string;
  outcome: FinishOutcome;
  totals: FinishedTotals;
  startedMs: number;
  /** The run could not load its task: take the Notion page and the title from the ledger row. */
  fromLedger?: boolean;
}

const usd = (micro: number) => Number(formatMicroUsd(micro));

export function createNotionPublishActivities(deps: NotionPublishDeps) {
  const cfg = deps.notionConfig;
  const names = cfg.properties;

  async function writeQueuePage(g: NotionGateway, input: NotionPublishInput, link: string) {
    const o = input.outcome;
    const ds = await g.dataSource(cfg.queueDbId!);
    const q = names.queue;
    const result = o.status === 'done' || o.status === 'low_qa' ? o.result : null;
    await g.updatePage(
      input.notionPageId!,
      encodeProperties(ds.types, {
        [q.status]: NOTION_QUEUE_STATUS[o.status],
        [q.qaScore]: o.status === 'done' || o.status === 'low_qa' ? o.qaScore : null,
        [q.cost]: usd(input.totals.costMicroUsd),
        [q.runLink]: link,
        [q.result]: result,
        [q.error]: o.status === 'failed' ? o.reason : null,
      }),
    );
    heartbeat('queue page');
    if (!result) return;
    // The page body holds the full text. A retry resumes after the blocks an earlier try appended.
    await onceInNotion(
      deps.tasks,
      { taskId: input.taskId, run: input.run, attempt: 0, step: 'notion:body' },
      () => Promise.resolve(undefined),
      async () => {
        const blocks = resultBlocks(input.taskId, input.run, result);
        let skip = 0;
        if (isRetry()) {
          const children = await g.listChildren(input.notionPageId!);
          const at = children.findIndex((c) => c.text === resultMarker(input.taskId, input.run));
          if (at >= 0) skip = children.length - at;
        }
        await g.appendChildren(input.notionPageId!, blocks.slice(skip));
        return input.notionPageId!;
      },
    );
  }

  async function writeJobLog(g: NotionGateway, input: NotionPublishInput, link: string) {
    const ds = await g.dataSource(cfg.jobLogDbId!);
    const j = names.jobLog;
    const o = input.outcome;
    const key = `${input.taskId}#${input.run}`;
    await onceInNotion(
      deps.tasks,
      { taskId: input.taskId, run: input.run, attempt: 0, step: 'notion:job-log' },
      async () => (await g.queryAll(ds.id, { property: j.taskId, rich_text: { equals: key } }, 1))[0]?.id,
      () =>
        g.createPage(
          ds.id,
          encodeProperties(ds.types, {
            [j.title]: input.title,
            [j.taskId]: key,
            [j.status]: o.status,
            [j.qaScore]: o.status === 'done' || o.status === 'low_qa' ? o.qaScore : null,
            [j.cost]: usd(input.totals.costMicroUsd),
            [j.tokens]: input.totals.inputTokens + input.totals.outputTokens,
            [j.model]: o.status === 'done' || o.status === 'low_qa' ? o.model : null,
            [j.attempts]: o.attempts,
            [j.durationSec]: Math.round((Date.now() - input.startedMs) / 1000),
            [j.build]: deps.buildId,
            [j.runLink]: link,
            [j.completedAt]: new Date(),
          }),
        ),
    );
    heartbeat('job log');
  }

  async function writeAutomationLog(g: NotionGateway, input: NotionPublishInput) {
    const ds = await g.dataSource(cfg.automationLogDbId!);
    const a = names.automationLog;
    const steps = (await deps.tasks.steps(input.taskId, input.run)).filter((s) => !s.step.startsWith('notion:'));
    const ops = [
      ...steps.map((s) => ({
        attempt: s.attempt,
        step: s.step,
        status: 'ok',
        at: s.createdAt,
        detail: `${s.model} · ${s.inputTokens}+${s.outputTokens} tokens · $${formatMicroUsd(s.costMicroUsd)}${s.qaScore !== null ? ` · QA ${s.qaScore}` : ''}`,
      })),
      {
        attempt: 0,
        step: 'publish',
        status: input.outcome.status,
        at: new Date(),
        detail: input.outcome.status === 'failed' ? input.outcome.reason : `status ${input.outcome.status}`,
      },
    ];
    for (const op of ops) await logAutomationOp(deps.tasks, g, ds, a, input.taskId, input.run, op);
  }

  return {
    /** Writes the run's outcome to Notion: queue row + page body, Job Log row, Automation Log rows. Each effect once. */
    async publishToNotion(given: NotionPublishInput): Promise<void> {
      const g = deps.notion;
      if (!g) return;
      const row = given.fromLedger ? await deps.tasks.get(given.taskId) : undefined;
      const input = row
        ? { ...given, notionPageId: given.notionPageId ?? row.notionPageId, title: row.title.trim() || given.title }
        : given;
      const link = deps.runLink(taskWorkflowId(input.taskId));
      try {
        if (input.notionPageId && cfg.queueDbId) await writeQueuePage(g, input, link);
        if (cfg.jobLogDbId) await writeJobLog(g, input, link);
        if (cfg.automationLogDbId) await writeAutomationLog(g, input);
      } catch (err) {
        throw mapNotionError(err, 'publish');
      }
    },
  };
}
export type NotionPublishActivities = ReturnType<typeof createNotionPublishActivities>;
