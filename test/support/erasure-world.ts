import { inject } from 'vitest';
import { createErasureActivities } from '../../activities/erasure-activities';
import { composeCompliance } from '../../cli/compose-compliance';
import { createNotionClient } from '../../infra/clients/notion-client';
import { createStripeClient } from '../../infra/clients/stripe-client';
import { storeShredder } from '../../infra/crypto/key-ring';
import { createDataKeyStore } from '../../infra/db/repositories/data-keys';
import { createNotionGateway } from '../../infra/notion/notion-gateway';
import type { notionIntake } from '../../workflows/notion-intake';
import { startNotionFake, type NotionFake } from '../fakes/notion-fake';
import { startSmtpFake, type SmtpFake } from '../fakes/smtp-fake';
import { startStripeFront, type StripeFront } from '../fakes/stripe-front';
import { STRIPE_TEST_KEY, WEBHOOK_SECRET } from './payments';
import { startPipeline, type PipelineHarness } from './pipeline-harness';
import { AUTOMATION_QUEUE_PROPERTIES as QUEUE } from '../fakes/notion-database-properties';

const JOB_LOG = { Job: 'title', 'Task ID': 'rich_text', Status: 'select', Model: 'rich_text', Run: 'url' };
const AUTOMATION_LOG = { Operation: 'title', 'Op Key': 'rich_text', 'Task ID': 'rich_text', Detail: 'rich_text' };
const CLIENTS = { Name: 'title', Email: 'email', 'Client ID': 'rich_text' };

/**
 * The whole platform as erasure meets it: encrypted payloads, a worker, the fake LLM, the Notion fake
 * with the queue, log and Client databases, Stripe SDK → stripe-mock, SMTP fake. `subjects` maps a
 * DSR ticket to its person, standing in for the DSR ticket repository.
 */
export interface ErasureWorld {
  h: PipelineHarness;
  notion: NotionFake;
  stripeFront: StripeFront;
  smtp: SmtpFake;
  db: { queue: string; jobLog: string; automationLog: string; clients: string };
  subjects: Map<string, string>;
  activities: ReturnType<typeof createErasureActivities>;
  /** One poll of the Automation Queue; resolves when the tasks it started have finished. */
  intake(id: string): Promise<void>;
  close(): Promise<void>;
}

export async function startErasureWorld(): Promise<ErasureWorld> {
  const [notion, stripeFront, smtp] = await Promise.all([
    startNotionFake(),
    startStripeFront(inject('stripeMockUrl')),
    startSmtpFake(),
  ]);
  const db = {
    queue: notion.createDatabase('Automation Queue', QUEUE),
    jobLog: notion.createDatabase('Job Log', JOB_LOG),
    automationLog: notion.createDatabase('Automation Log', AUTOMATION_LOG),
    clients: notion.createDatabase('Clients', CLIENTS),
  };
  const h = await startPipeline(
    {
      NOTION_TOKEN: notion.token,
      NOTION_API_BASE_URL: notion.baseUrl,
      AUTOMATION_QUEUE_DB_ID: db.queue,
      JOB_LOG_DB_ID: db.jobLog,
      AUTOMATION_LOG_DB_ID: db.automationLog,
      CLIENT_DB_ID: db.clients,
      STRIPE_SECRET_KEY: STRIPE_TEST_KEY,
      STRIPE_API_BASE_URL: stripeFront.url,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      SMTP_URL: smtp.url,
    },
    { encrypted: true },
  );
  const { config, database, encryption } = h.p;
  const notionClient = createNotionClient(config.notion)!;
  const subjects = new Map<string, string>();
  const activities = createErasureActivities({
    lookupDsrSubject: (ticketId) => {
      const email = subjects.get(ticketId);
      return Promise.resolve(email ? { email } : undefined);
    },
    compliance: composeCompliance({
      config,
      db: database.db,
      stripe: createStripeClient(config.stripe),
      notion: createNotionGateway(notionClient),
      // The codec's own key ring, as the worker's composition gives it: its cache forgets at once.
      payloadKeys: encryption?.keys ?? storeShredder(createDataKeyStore(database.db)),
      audit: h.p.appDeps.payments.audit,
      temporal: h.p.client,
    }),
  });
  return {
    h,
    notion,
    stripeFront,
    smtp,
    db,
    subjects,
    activities,
    async intake(id) {
      const out = await h.p.client.workflow.execute<typeof notionIntake>('notionIntake', {
        workflowId: id,
        taskQueue: h.p.taskQueue,
        args: [{ source: 'test' }],
      });
      for (const taskId of out.started) await h.handle(taskId).result();
    },
    async close() {
      await h.close();
      await Promise.all([notion.close(), stripeFront.close(), smtp.close()]);
    },
  };
}
