import type { Client } from '@temporalio/client';
import type { OpsActivityDeps } from '../activities/ops-deps';
import type { OpsApiDeps } from '../api/ops-deps';
import { createAlertService } from '../infra/alerts/alert-service';
import { configuredChannels } from '../infra/alerts/configured-channels';
import type { Config } from '../infra/config/load-config';
import type { Database } from '../infra/db/open-database';
import { createAlertStore } from '../infra/db/repositories/alert-store';
import type { HealthReportRepository } from '../infra/db/repositories/health-reports';
import { createJobReplayRepository } from '../infra/db/repositories/job-replays';
import { createLedgerMetrics } from '../infra/db/repositories/ledger-metrics';
import { createOpsReportRepository } from '../infra/db/repositories/ops-reports';
import { createRunSummaries } from '../infra/db/repositories/run-summaries';
import { createCostLedger } from '../infra/db/repositories/cost-ledger';
import { createReportDataSource } from '../infra/db/repositories/report-data';
import { createReferrals } from '../infra/db/repositories/referrals';
import { createReportFacts } from '../infra/db/repositories/report-facts';
import { createRecentFailures } from '../infra/db/repositories/recent-failures';
import { createLedgerRetention } from '../infra/db/repositories/ledger-retention';
import { createLiveOps } from '../infra/system/live-ops';

/** Wires the self-operating routines (alerts, re-runs, auto-operator, trends, reports) for worker and API. */
export function composeOps(input: {
  config: Config;
  database: Database;
  temporal: Client;
  healthReports: HealthReportRepository;
}) {
  const { config, database } = input;
  const alertStore = createAlertStore(database.db);
  const alerts = createAlertService({
    channels: configuredChannels(config.alerts),
    store: alertStore,
    dedupeWindowMs: config.alerts.dedupeMinutes * 60_000,
    secrets: config.secretValues,
  });
  const opsReports = createOpsReportRepository(database.db);
  const ledgerMetrics = createLedgerMetrics(database.db);
  const reportFacts = createReportFacts(database.db);
  const referrals = createReferrals(database.db);
  const activityDeps: Omit<OpsActivityDeps, 'metrics'> = {
    config,
    temporal: input.temporal,
    alerts,
    opsReports,
    jobReplays: createJobReplayRepository(database.db),
    ledgerMetrics,
    reportData: createReportDataSource(database.db),
    reportFacts,
    referralTotals: () => referrals.totals(),
    costLedger: createCostLedger(database.db),
    ledgerRetention: createLedgerRetention(database.db),
    healthReports: input.healthReports,
  };
  const apiDeps: OpsApiDeps = {
    alerts,
    alertStore,
    opsReports,
    runSummaries: createRunSummaries(database.db),
    ledgerMetrics,
    reportFacts,
    recentFailures: createRecentFailures(database.db),
    liveOps: createLiveOps({ dataDir: config.dataDir }),
  };
  return { activityDeps, apiDeps };
}
