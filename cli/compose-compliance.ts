import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type Stripe from 'stripe';
import { createErasureService } from '../infra/compliance/erasure-service';
import { createNotionClientRows } from '../infra/compliance/notion-client-rows';
import { createRectificationService } from '../infra/compliance/rectification-service';
import type { Config } from '../infra/config/load-config';
import type { KeyRing } from '../infra/crypto/key-ring';
import type { Db } from '../infra/db/open-database';
import type { AuditLog } from '../infra/db/repositories/audit-log';
import { createErasureStore } from '../infra/db/repositories/erasure-store';
import { createRectificationStore } from '../infra/db/repositories/rectification-store';
import type { NotionGateway } from '../infra/notion/notion-gateway';

/** Erasure and rectification over the platform's own clients (Stripe, Notion, audit log, key ring). */
export function composeCompliance(input: {
  config: Config;
  db: Db;
  stripe?: Stripe;
  notion?: NotionGateway;
  payloadKeys: Pick<KeyRing, 'destroyClientDataKey'>;
  audit: AuditLog;
  temporal: Client;
}) {
  const { config, notion, audit } = input;
  const clientDbId = config.compliance.notionClientDbId;
  const names = config.notion.properties.clients;
  const clientRows =
    notion && clientDbId
      ? createNotionClientRows(notion, clientDbId, { name: names.title, email: names.email, clientId: names.clientId })
      : undefined;
  return {
    erasure: createErasureService({
      store: createErasureStore(input.db),
      audit,
      payloadKeys: input.payloadKeys,
      stripe: input.stripe,
      notion,
      notionConfig: config.notion,
      clientRows,
      retentionYears: config.compliance.erasureRetentionYears,
      async terminateWorkflow(workflowId, reason) {
        try {
          await input.temporal.workflow.getHandle(workflowId).terminate(reason);
        } catch (err) {
          // Already closed (or never started): nothing left to stop.
          if (!(err instanceof WorkflowNotFoundError)) throw err;
        }
      },
    }),
    rectification: createRectificationService({ store: createRectificationStore(input.db), audit, clientRows }),
  };
}
export type ComplianceServices = ReturnType<typeof composeCompliance>;
