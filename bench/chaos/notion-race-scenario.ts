import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { signWebhookPayload } from '@notionhq/client';
import { notionTaskId } from '../../domain/task-spec';
import { taskWorkflowId } from '../../domain/task';
import { startNotionFake } from '../../test/fakes/notion-fake';
import { CHAOS_HEADERS, countExtraRuns, prepareChaos, waitForTasks } from './chaos-platform';
import { checkLedger } from './ledger-check';
import { killLeftovers, stopAndCheck } from './final-stop';
import { startPlatform, waitUntilServing } from './platform-process';
import type { ScenarioResult } from './scenario-row';
import { AUTOMATION_QUEUE_PROPERTIES as QUEUE } from '../../test/fakes/notion-database-properties';

const SECRET = 'secret_chaos_notion_verification_token';

export interface NotionRaceOptions {
  rows: number;
  /** Signed webhook deliveries per row (Notion sends page.created, then page.properties_updated…). */
  webhooksPerRow: number;
  /** Poll passes asked for through `POST /api/schedules/notion-intake/trigger` during the storm. */
  pollTriggers: number;
  log?: (line: string) => void;
}

/**
 * Scenario "Notion intake race": `rows` rows appear in the Automation Queue at once; their webhook
 * deliveries (several per row, many at once) start the webhook intake while the poll schedule (every
 * 10 s, plus manual triggers) walks the same rows. Each row must become one task with one run: one
 * ledger row, one Temporal run, one generate and one QA row, the row marked Done with its Task ID.
 */
export async function runNotionRace(o: NotionRaceOptions): Promise<ScenarioResult> {
  const log = o.log ?? (() => undefined);
  const notion = await startNotionFake();
  const queue = notion.createDatabase('Automation Queue', QUEUE);
  const setup = await prepareChaos(0);
  const proc = startPlatform({
    ...setup.env,
    NOTION_TOKEN: notion.token,
    NOTION_API_BASE_URL: notion.baseUrl,
    NOTION_WEBHOOK_SECRET: SECRET,
    AUTOMATION_QUEUE_DB_ID: queue,
    NOTION_POLL_EVERY_SECONDS: '10',
  });
  const problems: string[] = [];
  try {
    const { api } = setup;
    await waitUntilServing(api, proc, 600_000); // start-up is not what these scenarios measure
    const pages = Array.from({ length: o.rows }, (_, i) =>
      notion.addRow(queue, { Name: `Race ${i}`, Prompt: `Write note ${i}.`, Trigger: true }),
    );
    const deliveries = pages.flatMap((page, i) =>
      Array.from({ length: o.webhooksPerRow }, (_, k) => ({
        id: `evt-race-${i}-${k}`,
        type: k === 0 ? 'page.created' : 'page.properties_updated',
        timestamp: new Date().toISOString(),
        entity: { id: page, type: 'page' },
        data: {},
      })),
    );
    const answers = new Map<number, number>();
    const webhooks = (async () => {
      const queueOf = [...deliveries];
      const worker = async () => {
        for (let ev = queueOf.shift(); ev; ev = queueOf.shift()) {
          const body = JSON.stringify(ev);
          const signature = await signWebhookPayload({ body, verificationToken: SECRET });
          const res = await fetch(`${api}/webhook/notion`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-notion-signature': signature },
            body,
          });
          await res.arrayBuffer();
          answers.set(res.status, (answers.get(res.status) ?? 0) + 1);
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
    })();
    const polls = (async () => {
      for (let k = 0; k < o.pollTriggers; k++) {
        const res = await fetch(`${api}/api/schedules/notion-intake/trigger`, {
          method: 'POST',
          headers: CHAOS_HEADERS,
        });
        if (res.status !== 202) problems.push(`poll trigger ${k}: ${res.status} ${await res.text()}`);
        await sleep(300);
      }
    })();
    await Promise.all([webhooks, polls]);
    log(
      `${deliveries.length} webhook deliveries (answers ${JSON.stringify(Object.fromEntries(answers))}), ${o.pollTriggers} poll triggers`,
    );
    if ((answers.get(202) ?? 0) !== deliveries.length) problems.push('a webhook delivery was not answered 202');

    const ids = pages.map(notionTaskId);
    const stormEnd = Date.now();
    // Notion allows about 3 requests/s and a row costs about ten (its admission, the Job Log row, four
    // Automation Log rows, the page body, the row's own updates): 100 rows need over five minutes of Notion
    // time alone, so the wait allows 6 s per row before counting a row as not finished.
    const deadline = stormEnd + 120_000 + o.rows * 6_000;
    for (;;) {
      const known = await Promise.all(
        ids.map(async (id) => (await fetch(`${api}/api/tasks/${id}`, { headers: CHAOS_HEADERS })).status === 200),
      );
      if (known.every(Boolean) || Date.now() > deadline) break;
      await sleep(1_000);
    }
    const doneCount = await waitForTasks(api, ids, Math.max(10_000, deadline - Date.now()));
    const settledMs = Date.now() - stormEnd;
    log(`${doneCount}/${ids.length} tasks done, ${(settledMs / 1000).toFixed(1)} s after the storm`);
    const duplicated = await countExtraRuns(setup.devPort, ids.map(taskWorkflowId), problems);
    for (const [i, page] of pages.entries()) {
      const row = notion.row(page);
      if (row.Status !== 'Done' || row['Task ID'] !== ids[i])
        problems.push(`row ${i}: status ${String(row.Status)}, task id ${String(row['Task ID'])}`);
    }

    await stopAndCheck(proc, problems);
    const ledger = await checkLedger(path.join(setup.dataDir, 'pglite'), ids);
    problems.push(...ledger.problems);
    return {
      row: {
        scenario: `intake: Notion poll × webhook race`,
        tasks: o.rows,
        faults: deliveries.length + o.pollTriggers,
        finished: ledger.done,
        lost: o.rows - ledger.done,
        duplicated: duplicated + ledger.duplicated,
        // From the end of the storm until every task is done (none when some were not).
        recoverMs: doneCount === o.rows ? [settledMs] : [],
      },
      problems,
    };
  } finally {
    await killLeftovers(proc);
    await Promise.all([setup.close(), notion.close()]);
  }
}
