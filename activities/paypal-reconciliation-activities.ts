import { heartbeat } from './activity-context';
import { finishReconciliationRun } from './reconciliation-run';
import { safeQueryError } from '../infra/db/query-error';
import { PaypalRejectedError } from '../infra/clients/paypal-errors';
import { capturedPayment } from '../infra/payments/paypal-checkout';
import { paypalFailure, requirePaypal } from '../infra/payments/paypal-failures';
import type { PaymentActivityDeps } from './payment-deps';
import type { ReconciliationSummary } from '../domain/contracts/payment-outcomes';

/** The event type a completed capture found by reconciliation is recorded under (as its webhook would be). */
export const PAYPAL_CAPTURE_COMPLETED = 'PAYMENT.CAPTURE.COMPLETED';

export function createPaypalReconciliationActivities({ payments: d }: PaymentActivityDeps) {
  return {
    /**
     * PayPal has no event listing like Stripe's, so each unpaid PayPal invoice's order is looked up
     * (Orders v2 show). A completed capture is fed through the webhook's own dispatch path as
     * `paypal-capture:<capture id>`, the id the return page and the expiry check use, so a payment
     * reported twice is processed once; the invoice workflow ignores a second report of its payment.
     */
    async reconcilePaypalOrders(source: string): Promise<ReconciliationSummary> {
      const paypal = requirePaypal(d.paypal);
      const startedAt = new Date();
      const open = await d.reconciliationReads.unpaidPaypalInvoices();
      const caught: ReconciliationSummary['caught'] = [];
      const failed: ReconciliationSummary['failed'] = [];
      for (const [i, inv] of open.entries()) {
        heartbeat(i);
        let order;
        try {
          order = await paypal.getOrder(inv.paypalOrderId!);
        } catch (err) {
          // One order PayPal refuses to show must not hide the others; an outage fails the run (retried).
          if (!(err instanceof PaypalRejectedError)) throw paypalFailure(err);
          failed.push({ eventId: `paypal-order:${inv.paypalOrderId}`, error: err.message.slice(0, 300) });
          continue;
        }
        const payment = capturedPayment(order);
        if (!payment) continue;
        try {
          const outcome = await d.dispatcher.dispatch(
            {
              eventId: payment.eventId,
              provider: 'paypal',
              type: PAYPAL_CAPTURE_COMPLETED,
              action: { kind: 'invoice', invoiceId: inv.id, signal: 'succeeded', payload: payment },
            },
            'reconciliation',
          );
          if (outcome.status !== 'duplicate')
            caught.push({ eventId: payment.eventId, type: PAYPAL_CAPTURE_COMPLETED, outcome: outcome.status });
        } catch (err) {
          failed.push({ eventId: payment.eventId, error: (safeQueryError(err) as Error).message.slice(0, 300) });
        }
      }
      // No cursor to move: every unpaid invoice is asked about until it is paid or expires.
      return finishReconciliationRun(d, {
        provider: 'paypal',
        source: `${source}:paypal`,
        scanned: open.length,
        caught,
        failed,
        cursorFrom: startedAt,
        cursorTo: startedAt,
        startedAt,
        missed: 'PayPal captures',
      });
    },
  };
}
export type PaypalReconciliationActivities = ReturnType<typeof createPaypalReconciliationActivities>;
