import { createInvoiceActivities } from './invoice-activities';
import type { PaymentActivityDeps } from './payment-deps';
import { createReconciliationActivities } from './reconciliation-activities';
import { createRefundActivities } from './refund-activities';

export type { PaymentActivityDeps };

/** Invoice, refund and reconciliation activities over one set of payment services. */
export function createPaymentActivities(deps: PaymentActivityDeps) {
  return { ...createInvoiceActivities(deps), ...createRefundActivities(deps), ...createReconciliationActivities(deps) };
}
