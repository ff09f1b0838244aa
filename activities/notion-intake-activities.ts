import { ApplicationFailure } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { withoutUserinfo } from '../domain/media-url';
import { NOTION_QUEUE_STATUS } from '../domain/notion-properties';
import { stripUnsafeText } from '../domain/safe-text';
import { notionTaskId } from '../domain/task-spec';
import { TERMINAL_STATUSES, taskWorkflowId, type TaskStatus } from '../domain/task';
import type { Config } from '../infra/config/load-config';
import type { TaskLedger } from '../infra/db/repositories/task-ledger';
import type { NotionGateway } from '../infra/notion/notion-gateway';
import { decodeProperty, encodeProperties } from '../infra/notion/property-values';
import { submitTask } from '../infra/temporal/submit-task';
import { heartbeat } from './activity-context';
import { logAutomationOp, mapNotionError } from './notion-effects';
import type { TaskFairness } from '../infra/temporal/task-fairness';

export interface NotionIntakeDeps {
  tasks: TaskLedger;
  notion?: NotionGateway;
  notionConfig: Config['notion'];
  temporal: Client;
  taskQueue: string;
  runLink: (workflowId: string) => string;
  /** Client plan -> fairness weight of the tasks it starts (unset: every client weighs 1). */
  taskFairness?: TaskFairness;
}

/** A queue row as read from Notion; validated as a task by `loadTask` (a bad row fails visibly). */
export interface QueueRow {
  pageId: string;
  title: string;
  prompt: string;
  clientId: string | null;
  type: string;
  mediaUrl: string | null;
}

/** A row's text without NUL or lone surrogates (the database refuses them; the row is the user's to keep as it is). */
const str = (v: unknown) => {
  const s = typeof v === 'string' ? stripUnsafeText(v).trim() : '';
  return s !== '' ? s : null;
};
const link = (v: string | null) => (v === null ? null : withoutUserinfo(v));

export function createNotionIntakeActivities(deps: NotionIntakeDeps) {
  const cfg = deps.notionConfig;
  const q = cfg.properties.queue;

  const gateway = () => {
    if (!deps.notion || !cfg.queueDbId) {
      throw ApplicationFailure.nonRetryable(
        'Notion intake needs NOTION_TOKEN and AUTOMATION_QUEUE_DB_ID',
        'notion_error',
      );
    }
    return deps.notion;
  };

  return {
    /** Rows with Trigger checked and no status (or Queued): the tasks waiting to be picked up. */
    async pollNotionQueue(): Promise<QueueRow[]> {
      const g = gateway();
      try {
        const ds = await g.dataSource(cfg.queueDbId!);
        const statusType = ds.types[q.status];
        if (ds.types[q.trigger] !== 'checkbox' || (statusType !== 'status' && statusType !== 'select')) {
          throw ApplicationFailure.nonRetryable(
            `Queue database needs a checkbox "${q.trigger}" and a status/select "${q.status}" property (see NOTION_PROPERTIES)`,
            'notion_error',
          );
        }
        const filter = {
          and: [
            { property: q.trigger, checkbox: { equals: true } },
            {
              or: [
                { property: q.status, [statusType]: { is_empty: true } },
                { property: q.status, [statusType]: { equals: NOTION_QUEUE_STATUS.queued } },
              ],
            },
          ],
        };
        const pages = await g.queryAll(ds.id, filter, 500);
        return pages.map((p) => ({
          pageId: p.id,
          title: str(decodeProperty(p.properties[q.title])) ?? '',
          prompt: str(decodeProperty(p.properties[q.prompt])) ?? '',
          clientId: str(decodeProperty(p.properties[q.client])),
          type: (str(decodeProperty(p.properties[q.type])) ?? 'text').toLowerCase(),
          // Credentials in a row's link never reach the ledger, the history or a reason.
          mediaUrl: link(str(decodeProperty(p.properties[q.mediaUrl]))),
        }));
      } catch (err) {
        throw mapNotionError(err, 'queue query');
      }
    },

    /**
     * Creates the job row and starts `processTask` under the id derived from the page id (a second
     * poll finds it and starts nothing), then marks the row Processing. Idempotent throughout.
     */
    async admitNotionRow(row: QueueRow): Promise<{ taskId: string; started: boolean }> {
      const g = gateway();
      const taskId = notionTaskId(row.pageId);
      const { job, started } = await submitTask(
        { ...deps, fairness: deps.taskFairness },
        {
          taskId,
          workflowId: taskWorkflowId(taskId),
          source: 'notion',
          notionPageId: row.pageId,
          clientId: row.clientId,
          title: row.title,
          prompt: row.prompt,
          type: row.type,
          mediaUrl: row.mediaUrl,
        },
      );
      try {
        const ds = await g.dataSource(cfg.queueDbId!);
        const current = (await deps.tasks.get(taskId))?.status as TaskStatus | undefined;
        // A finished job whose row was re-queued shows its real outcome again instead of a fake "Processing".
        const status =
          current && TERMINAL_STATUSES.includes(current)
            ? NOTION_QUEUE_STATUS[current as keyof typeof NOTION_QUEUE_STATUS]
            : NOTION_QUEUE_STATUS.processing;
        await g.updatePage(
          row.pageId,
          encodeProperties(ds.types, {
            [q.status]: status,
            [q.taskId]: taskId,
            [q.runLink]: deps.runLink(taskWorkflowId(taskId)),
          }),
        );
        heartbeat(taskId);
        if (cfg.automationLogDbId) {
          const log = await g.dataSource(cfg.automationLogDbId);
          const op = {
            attempt: 0,
            step: 'intake',
            status: started ? 'started' : 'already running',
            detail: row.title,
            at: new Date(),
          };
          await logAutomationOp(deps.tasks, g, log, cfg.properties.automationLog, taskId, job.replayCount, op);
        }
      } catch (err) {
        throw mapNotionError(err, 'mark row processing');
      }
      return { taskId, started };
    },
  };
}
export type NotionIntakeActivities = ReturnType<typeof createNotionIntakeActivities>;
