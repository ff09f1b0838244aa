import type { Client } from '@temporalio/client';
import { createActivities, type Activities } from '../activities';
import type { AppDeps } from '../api/app-deps';
import { createRateGuard } from '../api/middleware/rate-guard';
import { createLlmClient } from '../infra/clients/llm-client';
import { createNotionClient } from '../infra/clients/notion-client';
import { createStripeClient } from '../infra/clients/stripe-client';
import type { Config } from '../infra/config/load-config';
import type { Database } from '../infra/db/open-database';
import { createAuditService } from '../infra/audit/audit-service';
import { createAuditSecurityStats } from '../infra/db/repositories/audit-security-stats';
import { createAuditDsrStats } from '../infra/db/repositories/audit-dsr-stats';
import { createHealthReportRepository } from '../infra/db/repositories/health-reports';
import { createRateGuardStore } from '../infra/db/repositories/rate-guard-store';
import { createSecuritySignalStore } from '../infra/db/repositories/security-signals';
import { createSessionRevocationStore } from '../infra/db/repositories/session-revocations';
import { createHealthChecks } from '../infra/health/health-checks';
import { createTaskLedger } from '../infra/db/repositories/task-ledger';
import { createBudgetHolds } from '../infra/db/repositories/client-stats';
import { createLlmProviderHealth } from '../infra/db/repositories/llm-provider-health';
import { createLlmOutageTracker } from '../activities/llm-outage';
import { createLlmGate } from '../activities/llm-pacing';
import { createLlmCallStats } from '../infra/llm/llm-call-stats';
import { createLlmCapacityReader } from '../infra/llm/llm-capacity';
import { createLlmPacer } from '../infra/llm/llm-pacer';
import { createLlmQueueRate } from '../infra/temporal/llm-queue-rate';
import { llmOutageNoticeStarter } from '../infra/temporal/start-llm-outage-notice';
import { findFfmpeg } from '../infra/media/split-audio';
import { createNotionGateway } from '../infra/notion/notion-gateway';
import type { Logger } from '../infra/logger';
import { createAppMetrics, type AppMetrics } from '../infra/metrics/app-metrics';
import { createDeliveryServices } from './compose-delivery';
import { createDsrServices } from './compose-dsr';
import { createPaymentServices } from './compose-payments';
import { composeDrive } from './compose-drive';
import type { PayloadEncryption } from '../infra/crypto/payload-encryption';
import { storeShredder } from '../infra/crypto/key-ring';
import { createDataKeyStore } from '../infra/db/repositories/data-keys';
import { createRateGuardAdmin } from '../infra/security/rate-guard-admin';
import { systemPath } from './boot';
import { composeOps } from './compose-ops';
import { composeIntel } from './compose-intel';
import { composeReplica } from './compose-replica';
import { composeStatusDb } from './compose-status';
import { composeMaintenance } from './compose-maintenance';
import { composeCompliance } from './compose-compliance';

export interface ComposeInput {
  config: Config;
  logger: Logger;
  database: Database;
  temporal: Client;
  buildId: string;
  /** Set when PAYLOAD_ENCRYPTION is on: the codec (codec server) and its key ring (shredding). */
  payloadEncryption?: PayloadEncryption;
  /** Model → LLM task queue, when this process's workers poll them (cli/platform.ts). */
  llmTaskQueues?: Record<string, string>;
}

/** The composition root: real clients and repositories wired once, shared by worker and API. */
export function composeServices(input: ComposeInput): {
  activities: Activities;
  appDeps: AppDeps;
  metrics: AppMetrics;
} {
  const { config, database, temporal } = input;
  const healthReports = createHealthReportRepository(database.db);
  const stripe = createStripeClient(config.stripe);
  const llm = createLlmClient(config.llm);
  const notionClient = createNotionClient(config.notion);
  const healthChecks = createHealthChecks({
    temporal,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    pingDatabase: database.ping,
    llm,
    notion: notionClient,
    stripe,
  });
  const payments = createPaymentServices({ config, db: database.db, temporal, logger: input.logger, stripe });
  const ops = composeOps({ config, database, temporal, healthReports });
  const llmCapacity = createLlmCapacityReader({
    db: database.db,
    rateLimits: config.llm.rateLimits,
    defaultLimits: config.llm.defaultLimits,
    models: [config.llm.model, config.llm.qaModel],
  });
  const metrics = createAppMetrics({
    queueDepth: () => ops.activityDeps.ledgerMetrics.queueDepth(),
    llmCapacity: () => llmCapacity.read(),
  });
  const tasks = createTaskLedger(database.db);
  const intel = composeIntel({ config, database, temporal, llm, llmCapacity, logger: input.logger });
  const notion = notionClient && createNotionGateway(notionClient);
  const securityAdmin = createRateGuardAdmin(database.db);
  const audit = createAuditService({
    config,
    auditLog: payments.audit,
    securityStats: createAuditSecurityStats(database.db),
    dsrStats: createAuditDsrStats(database.db),
  });
  const dsr = createDsrServices(config, database.db);
  const runLink = (workflowId: string) =>
    `${config.temporal.uiPublicUrl}/namespaces/${encodeURIComponent(config.temporal.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  const replica = composeReplica(config, database, temporal, input.buildId);
  const payloadKeys = input.payloadEncryption?.keys ?? storeShredder(createDataKeyStore(database.db));
  const activities = createActivities({
    ...ops.activityDeps,
    ...intel.activityDeps,
    metrics,
    checks: healthChecks,
    healthReports,
    buildId: input.buildId,
    payments,
    tasks,
    llm,
    llmOutage: createLlmOutageTracker({
      health: createLlmProviderHealth(database.db),
      alerts: ops.activityDeps.alerts,
      alertAfterMs: config.llm.outageAlertAfterMs,
      retryLater: llmOutageNoticeStarter(temporal, config.temporal.taskQueue),
    }),
    llmGate: createLlmGate({
      pacer: createLlmPacer(database.db),
      stats: createLlmCallStats(database.db),
      rateLimits: config.llm.rateLimits,
      defaultLimits: config.llm.defaultLimits,
      enabled: config.llm.pacing,
      ...(input.llmTaskQueues
        ? {
            queueRate: createLlmQueueRate({
              client: temporal,
              namespace: config.temporal.namespace,
              queues: input.llmTaskQueues,
            }),
          }
        : {}),
    }),
    llmConfig: config.llm,
    prices: config.llm.prices,
    media: { ...config.media, ffmpegPath: findFfmpeg(config.media.ffmpegPath, systemPath()) },
    notion,
    notionConfig: config.notion,
    notionEnabled: !!notion,
    temporal,
    taskQueue: config.temporal.taskQueue,
    runLink,
    securityAdmin,
    audit,
    taskFairness: { clients: payments.clients, weights: config.temporal.fairnessWeights },
    clientBudget: { clients: payments.clients, stats: payments.clientStats, holds: createBudgetHolds(database.db) },
    payloadKeys,
    compliance: composeCompliance({
      config,
      db: database.db,
      stripe,
      notion,
      payloadKeys,
      audit: payments.audit,
      temporal,
    }),
    lookupDsrSubject: dsr.lookupDsrSubject,
    ...(input.llmTaskQueues ? { llmTaskQueues: input.llmTaskQueues } : {}),
    dsr,
    replica,
    statusDb: composeStatusDb(config, database.db, temporal, replica),
    maintenance: composeMaintenance(config, database.db, temporal),
    drive: composeDrive(config, database.db),
  });
  const appDeps: AppDeps = {
    config,
    logger: input.logger,
    temporal,
    pingDatabase: database.ping,
    healthChecks,
    healthReports,
    rateGuard: createRateGuard({ store: createRateGuardStore(database.db) }),
    sessionRevocations: createSessionRevocationStore(database.db),
    buildId: input.buildId,
    payments,
    delivery: createDeliveryServices(config, database.db),
    dsr,
    ops: ops.apiDeps,
    intel: intel.apiDeps,
    tasks,
    securityAdmin,
    securitySignals: createSecuritySignalStore(database.db),
    metrics,
    audit,
    llmCapacity,
    payloadCodec: input.payloadEncryption?.codec,
    replica,
  };
  return { activities, appDeps, metrics };
}
