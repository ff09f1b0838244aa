import { createAuditActivities, type AuditActivityDeps } from './audit-activities';
import { createBudgetActivities, type BudgetActivityDeps } from './budget-activities';
import { withDatabaseFailures } from './database-failures';
import { createErasureActivities, type ErasureActivityDeps } from './erasure-activities';
import { createDsrActivities, type DsrActivityDeps } from './dsr-activities';
import { createDsrExportActivities, type DsrExportActivityDeps } from './dsr-export-activities';
import { createKeyActivities, type KeyActivityDeps } from './key-activities';
import { createHealthActivities, type HealthActivityDeps } from './health-activities';
import { mergeActivities } from './merge-activities';
import { createPaymentActivities, type PaymentActivityDeps } from './payment-activities';
import { createOpsActivities, type OpsActivityDeps } from './ops-activities';
import { createLlmActivities, type LlmActivityDeps } from './llm-activities';
import { createMediaActivities, type MediaActivityDeps } from './media-activities';
import { createNotionIntakeActivities, type NotionIntakeDeps } from './notion-intake-activities';
import { createNotionPublishActivities, type NotionPublishDeps } from './notion-publish-activities';
import { createReportDeliveryActivities, type ReportDeliveryDeps } from './report-delivery-activities';
import { createClientSyncActivities } from './client-sync-activities';
import { createNotionPaidStateActivities } from './notion-paid-state-activities';
import type { NotionMoneyDeps } from './notion-money-deps';
import { createDriveDeliveryActivities, type DriveDeliveryDeps } from './drive-delivery-activities';
import { createSecurityActivities, type SecurityActivityDeps } from './security-activities';
import { createTaskActivities, type TaskActivityDeps } from './task-activities';
import { createPricingActivities, type PricingActivityDeps } from './pricing-activities';
import { createOpsBrainActivities, type OpsBrainActivityDeps } from './ops-brain-activities';
import { createReplicaActivities, type ReplicaActivityDeps } from './replica-activities';
import { createNotionStatusActivities, type NotionStatusDeps } from './notion-status-activities';
import { createMaintenanceActivities, type MaintenanceDeps } from './maintenance-activities';

export type ActivityDeps = HealthActivityDeps &
  PaymentActivityDeps &
  OpsActivityDeps &
  TaskActivityDeps &
  LlmActivityDeps &
  MediaActivityDeps &
  NotionIntakeDeps &
  NotionPublishDeps &
  NotionMoneyDeps &
  DriveDeliveryDeps &
  SecurityActivityDeps &
  AuditActivityDeps &
  BudgetActivityDeps &
  KeyActivityDeps &
  ReportDeliveryDeps &
  PricingActivityDeps &
  OpsBrainActivityDeps &
  ReplicaActivityDeps &
  NotionStatusDeps &
  MaintenanceDeps &
  ErasureActivityDeps &
  DsrActivityDeps &
  DsrExportActivityDeps;

/** Every activity the worker registers, built over injected clients; failed queries are classified (bad data fails at once). */
export function createActivities(deps: ActivityDeps) {
  return withDatabaseFailures(
    mergeActivities(
      createHealthActivities(deps),
      createPaymentActivities(deps),
      createOpsActivities(deps),
      createTaskActivities(deps),
      createLlmActivities(deps),
      createMediaActivities(deps),
      createNotionIntakeActivities(deps),
      createNotionPublishActivities(deps),
      createClientSyncActivities(deps),
      createNotionPaidStateActivities(deps),
      createDriveDeliveryActivities(deps),
      createSecurityActivities(deps),
      createAuditActivities(deps),
      createBudgetActivities(deps),
      createKeyActivities(deps),
      createReportDeliveryActivities(deps),
      createPricingActivities(deps),
      createOpsBrainActivities(deps),
      createReplicaActivities(deps),
      createNotionStatusActivities(deps),
      createMaintenanceActivities(deps),
      createErasureActivities(deps),
      createDsrActivities(deps),
      createDsrExportActivities(deps),
    ),
  );
}
export type Activities = ReturnType<typeof createActivities>;
