import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { ReconciliationSummary } from '../domain/contracts/payment-outcomes';

const { reconcileStripeEvents } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { maximumAttempts: 3, initialInterval: '10 seconds' },
});

export interface PaymentReconciliationInput {
  /** `schedule` (every 15 min) or `scan` (GET /payments/scan). */
  source: string;
}

/** Catches payment events the webhooks missed (original EchoPilot runbook: "Payment Reconciliation, every 15 minutes"). */
export async function paymentReconciliation(input: PaymentReconciliationInput): Promise<ReconciliationSummary> {
  return reconcileStripeEvents(input.source);
}
