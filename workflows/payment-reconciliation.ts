import { log, patched, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { ReconciliationSummary } from '../domain/contracts/payment-outcomes';
import type { PaymentProvider } from '../domain/payments';

const { reconcileStripeEvents, reconcilePaypalOrders } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { maximumAttempts: 3, initialInterval: '10 seconds' },
});
// Notion is a view of the money: a Notion outage must not fail the payment scan that ran before it.
const { writePaidStateToNotion } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { maximumAttempts: 3, initialInterval: '10 seconds' },
});

export interface PaymentReconciliationInput {
  /** `schedule` (every 15 min) or `scan` (GET /payments/scan). */
  source: string;
  /** Providers to scan (the configured ones); runs started before PayPal reconciliation: Stripe only. */
  providers?: PaymentProvider[];
}

/** One summary of several providers' scans: counts added, caught and failed events listed together. */
function combine(parts: ReconciliationSummary[], paidState?: ReconciliationSummary['notion']): ReconciliationSummary {
  const last = parts.at(-1);
  return {
    runId: last?.runId ?? 0,
    scanned: parts.reduce((n, p) => n + p.scanned, 0),
    caught: parts.flatMap((p) => p.caught),
    failed: parts.flatMap((p) => p.failed),
    cursorFrom: parts[0]?.cursorFrom ?? '',
    cursorTo: last?.cursorTo ?? '',
    ...(paidState && { notion: paidState }),
  };
}

/** Catches payment events the webhooks missed (original EchoPilot runbook: "Payment Reconciliation, every 15 minutes"). */
export async function paymentReconciliation(input: PaymentReconciliationInput): Promise<ReconciliationSummary> {
  // PayPal scan and Notion paid state came later; runs recorded before keep the Stripe-only path.
  if (!patched('paypal-reconciliation')) return reconcileStripeEvents(input.source);
  const providers = input.providers ?? ['stripe'];
  const parts: ReconciliationSummary[] = [];
  if (providers.includes('stripe')) parts.push(await reconcileStripeEvents(input.source));
  if (providers.includes('paypal')) parts.push(await reconcilePaypalOrders(input.source));
  const paidState = await writePaidStateToNotion().catch((err: unknown) => {
    log.warn('paid state not written to Notion', { error: (err as Error).message });
    return undefined;
  });
  return combine(parts, paidState);
}
