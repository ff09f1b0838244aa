import type { Tracer } from '@opentelemetry/api';
import type { Context, MiddlewareHandler } from 'hono';
import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import type { AuditService } from '../infra/audit/audit-service';
import type { Config } from '../infra/config/load-config';
import type { HealthReportRepository } from '../infra/db/repositories/health-reports';
import type { TaskLedger } from '../infra/db/repositories/task-ledger';
import type { Logger } from '../infra/logger';
import type { AppMetrics } from '../infra/metrics/app-metrics';
import type { LlmCapacityReader } from '../infra/llm/llm-capacity';
import type { HealthChecks } from '../infra/health/health-checks';
import type { PaymentServices } from '../infra/payments/payment-services';
import type { DeliveryServices } from '../infra/delivery/delivery-services';
import type { DsrServices } from '../infra/compliance/dsr-services';
import type { SecuritySignalStore } from '../infra/db/repositories/security-signals';
import type { SessionRevocationStore } from '../infra/db/repositories/session-revocations';
import type { RateGuardAdmin } from '../infra/security/rate-guard-admin';
import type { RateGuard } from './middleware/rate-guard';
import type { SnapshotService } from '../infra/backup/snapshot-service';
import type { AppEnv } from './app-env';
import type { OperatorAudit } from './operator-audit';
import type { OpsApiDeps } from './ops-deps';
import type { IntelApiDeps } from './intel-deps';

/** Everything the API needs, injected: tests pass real parts wired to test servers. */
export interface AppDeps {
  config: Config;
  logger: Logger;
  temporal: Client;
  pingDatabase: () => Promise<void>;
  healthChecks: HealthChecks;
  healthReports: HealthReportRepository;
  rateGuard: RateGuard;
  /** Logged-out dashboard sessions, shared by every API process on the database. */
  sessionRevocations: SessionRevocationStore;
  buildId: string;
  payments: PaymentServices;
  /** Signed delivery links, the client page's data, unsubscribes. */
  delivery: DeliveryServices;
  /** Data subject requests: tickets, their signed links, subject exports. */
  dsr: DsrServices;
  ops: OpsApiDeps;
  /** Pricing AI, AI ops brain, referrals. */
  intel: IntelApiDeps;
  tasks: TaskLedger;
  /** Ban list operations (GET/DELETE /api/rate-guard…) and misconfiguration signals. */
  securityAdmin: RateGuardAdmin;
  securitySignals: SecuritySignalStore;
  metrics: AppMetrics;
  /** The audit report, checkpoints and signing key. */
  audit: AuditService;
  /** Per model limits, rate, waiting calls and 429s (GET /api/llm/capacity). */
  llmCapacity: LlmCapacityReader;
  /** The Temporal payload codec behind /codec/* (unset: encryption off, payloads pass through). */
  payloadCodec?: PayloadCodec;
  /** Replica snapshots (GET /api/regions/status); unset in harnesses without a data folder. */
  replica?: SnapshotService;
  /** Set when tracing is on: each request gets a server span. */
  tracer?: Tracer;
  /** Overrides the socket-derived client IP (tests). */
  clientIp?: (c: Context) => string;
}

/** What each route module receives: the deps plus the ready-made admin guard. */
export interface RouteContext extends AppDeps {
  admin: MiddlewareHandler<AppEnv>;
  /** The caller's IP as the API judges it (TRUST_PROXY rules), for per-IP limits. */
  clientIpOf: (c: Context) => string;
  /** Appends operator actions to the audit log (actor: the dashboard key's fingerprint). */
  operatorAudit: OperatorAudit;
}
