import { settlementOf, settles, type UnsettledStatus } from '../domain/payment-settlement';
import { PAID_STATUSES, paymentIdForInvoice, type PaymentSucceeded } from '../domain/payments';
import { loadInvoice } from './invoice-activities';
import type { PaymentActivityDeps } from './payment-deps';
import type { SettlementOutcome } from '../domain/contracts/payment-outcomes';

export function createInvoiceSettlementActivities({ payments: d, metrics }: PaymentActivityDeps) {
  return {
    /**
     * Checks a received payment against its invoice before anything is marked paid: the exact amount
     * or more in the invoice's currency pays it (more is flagged `overpaid`); less or another
     * currency leaves it `underpaid`/`mismatch` with what arrived recorded. Repeated calls change nothing.
     */
    async settleInvoicePayment(invoiceId: string, p: PaymentSucceeded): Promise<SettlementOutcome> {
      const inv = await loadInvoice(d, invoiceId);
      const expected = { expectedCents: inv.amountCents, currency: inv.currency };
      const currency = p.currency.trim().toLowerCase();
      const verdict = settlementOf(inv, { amountCents: p.amountCents, currency });
      // A paid invoice keeps its payment: a later event (another report of it) changes nothing.
      if (settles(verdict) || PAID_STATUSES.includes(inv.status)) {
        const { payment, created } = await d.invoices.recordPayment({
          paymentId: paymentIdForInvoice(inv.id),
          invoiceId: inv.id,
          provider: p.provider,
          providerPaymentId: p.providerPaymentId,
          amountCents: p.amountCents,
          currency,
          eventId: p.eventId,
          overpaid: verdict === 'overpaid',
        });
        if (created) {
          metrics.payments.inc({ provider: p.provider, currency: payment.currency });
          metrics.paymentAmount.inc({ currency: payment.currency }, payment.amountCents);
        }
        // Another event for a payment recorded before reports nothing new; a retry of the same event reports the same.
        const stored = created ? verdict : payment.eventId === p.eventId ? settlementOf(inv, payment) : 'exact';
        return {
          outcome: 'paid',
          verdict: stored,
          paymentId: payment.id,
          amountCents: payment.amountCents,
          ...expected,
        };
      }
      const status: UnsettledStatus = verdict === 'underpaid' ? 'underpaid' : 'mismatch';
      await d.invoices.recordUnsettled({
        invoiceId: inv.id,
        status,
        amountCents: p.amountCents,
        currency,
        eventId: p.eventId,
        providerPaymentId: p.providerPaymentId,
      });
      d.logger.warn({ invoiceId, status, eventId: p.eventId }, 'payment does not settle the invoice; left unpaid');
      return { outcome: status, verdict: status, ...expected };
    },
  };
}
export type InvoiceSettlementActivities = ReturnType<typeof createInvoiceSettlementActivities>;
