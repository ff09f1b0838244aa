// Every workflow the worker registers. Deterministic code only: see eslint.config.mjs.
export { healthProbe } from './health-probe';
export { invoiceWorkflow } from './invoice';
export { refundWorkflow } from './refund';
export { paymentReconciliation } from './payment-reconciliation';
export { autoOperator } from './auto-operator';
export { jobReplay } from './job-replay';
export { predictiveAlerts } from './predictive-alerts';
export { scheduledReport } from './scheduled-report';
export { selfHeal } from './self-heal';
export { processTask } from './process-task';
export { notionIntake } from './notion-intake';
export { notionClientSync } from './client-sync';
export { driveDelivery } from './drive-delivery';
export { ledgerRetention } from './ledger-retention';
export { rateGuardAdmin, securityPrune } from './security';
export { auditCheckpoint, weeklyAudit } from './audit';
export { dsrWorkflow } from './dsr';
