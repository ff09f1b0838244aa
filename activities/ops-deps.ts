import type { Client } from '@temporalio/client';
import type { Config } from '../infra/config/load-config';
import type { AlertService } from '../infra/alerts/alert-service';
import type { CostLedger } from '../infra/db/repositories/cost-ledger';
import type { HealthReportRepository } from '../infra/db/repositories/health-reports';
import type { JobReplayRepository } from '../infra/db/repositories/job-replays';
import type { LedgerMetrics } from '../infra/db/repositories/ledger-metrics';
import type { LedgerRetention } from '../infra/db/repositories/ledger-retention';
import type { OpsReportRepository } from '../infra/db/repositories/ops-reports';
import type { ReportDataSource } from '../infra/db/repositories/report-data';
import type { ReportFactsSource } from '../infra/db/repositories/report-facts';
import type { ReferralTotals } from '../domain/reports';
import type { AppMetrics } from '../infra/metrics/app-metrics';
import type { TaskFairness } from '../infra/temporal/task-fairness';
import type { SnapshotService } from '../infra/backup/snapshot-service';

/** What the self-operating routines' activities need, injected by the composition root. */
export interface OpsActivityDeps {
  config: Config;
  temporal: Client;
  alerts: AlertService;
  opsReports: OpsReportRepository;
  jobReplays: JobReplayRepository;
  ledgerMetrics: LedgerMetrics;
  reportData: ReportDataSource;
  /** Revenue, margin, QA distribution… of a period (shared with /api/metrics-summary). */
  reportFacts: ReportFactsSource;
  /** Referral figures for the monthly report (the referral repository's totals). */
  referralTotals?: () => Promise<ReferralTotals>;
  costLedger: CostLedger;
  ledgerRetention: LedgerRetention;
  healthReports: HealthReportRepository;
  metrics: AppMetrics;
  /** Client plan -> fairness weight of the task runs the routines start (unset: every client weighs 1). */
  taskFairness?: TaskFairness;
  now?: () => Date;
  /** Replica snapshots: the auto-operator reports a stale newest snapshot. */
  replica?: SnapshotService;
}
