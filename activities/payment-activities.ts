import { createInvoiceActivities } from './invoice-activities';
import { createInvoiceMailActivities } from './invoice-mail-activities';
import { createInvoiceSettlementActivities } from './invoice-settlement-activities';
import { mergeActivities } from './merge-activities';
import type { PaymentActivityDeps } from './payment-deps';
import { createReconciliationActivities } from './reconciliation-activities';
import { createPaypalReconciliationActivities } from './paypal-reconciliation-activities';
import { createProviderRefundActivities } from './provider-refund-activities';
import { createRefundActivities } from './refund-activities';

export type { PaymentActivityDeps };

/** Invoice, refund and reconciliation activities over one set of payment services. */
export function createPaymentActivities(deps: PaymentActivityDeps) {
  return mergeActivities(
    createInvoiceActivities(deps),
    createInvoiceSettlementActivities(deps),
    createInvoiceMailActivities(deps),
    createRefundActivities(deps),
    createProviderRefundActivities(deps),
    createReconciliationActivities(deps),
    createPaypalReconciliationActivities(deps),
  );
}
