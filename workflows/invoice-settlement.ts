import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { SettlementOutcome } from '../domain/contracts/payment-outcomes';
import type { PaymentSucceeded } from '../domain/payments';
import { notify } from './notify';

// Ledger writes: retried until they succeed; a received payment must never be lost.
const ledgerActs = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const major = (cents: number) => (cents / 100).toFixed(2);

/**
 * Audits and alerts a payment that did not settle its invoice exactly (under-, over- or mismatched).
 * Amounts and ids only: no email or name goes into the audit entry or the alert.
 */
export async function reportSettlement(invoiceId: string, paid: PaymentSucceeded, s: SettlementOutcome): Promise<void> {
  if (s.verdict === 'exact') return;
  const received = `${major(paid.amountCents)} ${paid.currency.toUpperCase()}`;
  const expected = `${major(s.expectedCents)} ${s.currency.toUpperCase()}`;
  if (s.outcome !== 'paid') {
    await ledgerActs.appendPaymentAudit({
      action: `invoice.${s.outcome}`,
      subject: `invoice:${invoiceId}`,
      details: {
        invoiceId,
        expectedCents: s.expectedCents,
        currency: s.currency,
        receivedCents: paid.amountCents,
        receivedCurrency: paid.currency.toLowerCase(),
        provider: paid.provider,
        providerPaymentId: paid.providerPaymentId ?? null,
        eventId: paid.eventId,
      },
      dedupeKey: `invoice.${s.outcome}:${invoiceId}:${paid.eventId}`,
    });
  }
  const title =
    s.outcome === 'paid'
      ? `Invoice ${invoiceId} overpaid`
      : `Invoice ${invoiceId} ${s.outcome === 'underpaid' ? 'underpaid' : 'paid in the wrong currency'}: left unpaid`;
  await notify({
    key: `invoice-settlement:${invoiceId}:${paid.eventId}`,
    severity: s.outcome === 'paid' ? 'warning' : 'critical',
    title,
    text: `Expected ${expected}, received ${received} via ${paid.provider} (event ${paid.eventId}). Check the payment at the provider and settle or refund it by hand.`,
  });
}
