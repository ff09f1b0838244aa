/**
 * The operator and money actions the audit log names. Other features record theirs through the same
 * helper (api/operator-audit.ts) with the names below, so the weekly report counts them alike.
 */
export const AUDIT_ACTIONS = {
  schedulePause: 'schedule.pause',
  scheduleUnpause: 'schedule.unpause',
  scheduleTrigger: 'schedule.trigger',
  scheduleBackfill: 'schedule.backfill',
  schedulerStop: 'scheduler.stop',
  schedulerStart: 'scheduler.start',
  jobReplay: 'jobs.replay',
  taskReplay: 'task.replay',
  selfHealRun: 'self-heal.run',
  refundRequest: 'refund.request',
  invoiceCreate: 'invoice.create',
  rateGuardClear: 'rate-guard.clear',
  rateGuardClearAll: 'rate-guard.clear-all',
  budgetChange: 'budget.change',
  dsrDecision: 'dsr.decision',
  dsrErasure: 'dsr.erasure',
  dsrRectification: 'dsr.rectification',
  dataExport: 'compliance.export',
  keyRotation: 'key.rotation',
  auditCheckpoint: 'audit.checkpoint',
  pricingOptimize: 'pricing.optimize',
  pricingApply: 'pricing.apply',
  brainDecide: 'brain.decide',
  referralCreate: 'referral.create',
  replicaSync: 'replica.sync',
  maintenanceRun: 'maintenance.run',
} as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[keyof typeof AUDIT_ACTIONS];
