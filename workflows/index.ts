// Every workflow the worker registers. Deterministic code only: see eslint.config.mjs.
export { healthProbe } from './health-probe';
export { invoiceWorkflow } from './invoice';
export { refundWorkflow } from './refund';
export { paymentReconciliation } from './payment-reconciliation';
