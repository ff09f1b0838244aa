import type { AlertService } from '../infra/alerts/alert-service';
import type { AlertStore } from '../infra/db/repositories/alert-store';
import type { LedgerMetrics } from '../infra/db/repositories/ledger-metrics';
import type { OpsReportRepository } from '../infra/db/repositories/ops-reports';
import type { RecentFailures } from '../infra/db/repositories/recent-failures';
import type { RunSummaries } from '../infra/db/repositories/run-summaries';
import type { ReportFactsSource } from '../infra/db/repositories/report-facts';
import type { LiveOpsSample } from '../infra/system/live-ops';

/** What the self-operating platform's routes read: stored reports, ledger metrics, alerts, live system stats. */
export interface OpsApiDeps {
  alerts: AlertService;
  alertStore: AlertStore;
  opsReports: OpsReportRepository;
  /** What each routine run stored, by workflow id (the schedules' last result). */
  runSummaries: RunSummaries;
  ledgerMetrics: LedgerMetrics;
  /** The reports' facts over a period (GET /api/metrics-summary). */
  reportFacts: ReportFactsSource;
  /** The latest failed tasks and why (the Telegram bot's /failed). */
  recentFailures: RecentFailures;
  liveOps: () => Promise<LiveOpsSample>;
}
