import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { RefundObserved, RefundRequest, RefundResult, RefundWorkflowInput } from '../domain/payments';
import { failureInfo, type FailureInfo } from './failure';
import { paymentRefunded, requestRefund } from '../domain/contracts/payment-messages';

const ledgerActs = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: ['payment_not_found'] },
});
// Provider calls: retried a few times with the same idempotency key / request id, then the caller hears why.
const stripeActs = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 5, initialInterval: '1 second', maximumInterval: '10 seconds' },
});
const mailActs = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5, initialInterval: '5 seconds', backoffCoefficient: 2 },
});

/** With nothing to do for this long, the workflow completes; the next request or event starts a new run. */
const IDLE_TIMEOUT = '10 minutes';

/**
 * All refunds of one payment (id `refund-<paymentId>`), one at a time: requests (update) and
 * provider-reported refunds (signal) are handled in order, so "what remains" is always current and
 * partial refunds can never add up to more than the charge. A request key seen before returns the
 * first result instead of refunding again (the database and the Stripe idempotency key say the same).
 */
export async function refundWorkflow({
  paymentId,
}: RefundWorkflowInput): Promise<{ paymentId: string; handled: number }> {
  const queue: RefundRequest[] = [];
  const results = new Map<string, RefundResult | { error: FailureInfo }>();
  const observed: RefundObserved[] = [];
  const seenEvents = new Set<string>();
  let handled = 0;

  setHandler(
    requestRefund,
    async (req) => {
      const prior = results.get(req.requestKey);
      if (prior && 'error' in prior) results.delete(req.requestKey); // a failed request may be retried
      const first = !results.has(req.requestKey) && !queue.some((q) => q.requestKey === req.requestKey);
      if (first) queue.push(req);
      await condition(() => results.has(req.requestKey));
      const r = results.get(req.requestKey)!;
      if ('error' in r)
        throw ApplicationFailure.create({
          message: r.error.message,
          type: r.error.type,
          details: r.error.details,
          nonRetryable: true,
        });
      return first ? r : { ...r, duplicate: true };
    },
    {
      validator: (req: RefundRequest) => {
        if (!req.requestKey) throw new Error('requestKey is required');
        if (req.amountCents !== undefined && (!Number.isSafeInteger(req.amountCents) || req.amountCents <= 0))
          throw new Error('amountCents must be a positive integer');
      },
    },
  );
  setHandler(paymentRefunded, (o) => {
    if (seenEvents.has(o.eventId)) return;
    seenEvents.add(o.eventId);
    observed.push(o);
  });

  async function refund(req: RefundRequest): Promise<RefundResult | { error: FailureInfo }> {
    try {
      const plan = await ledgerActs.planRefund(paymentId, req);
      if (plan.kind === 'duplicate') return plan.result;
      const refundInput = {
        paymentId,
        requestKey: req.requestKey,
        amountCents: plan.amountCents,
        providerPaymentId: plan.providerPaymentId,
        reason: req.reason,
      };
      let made: { providerRefundId: string; status: string };
      try {
        // PayPal captures are refunded through PayPal's API; histories from before keep the Stripe-only call.
        made = patched('provider-refunds')
          ? await stripeActs.createProviderRefund({ ...refundInput, provider: plan.provider ?? 'stripe' })
          : await stripeActs.createStripeRefund(refundInput);
      } catch (err) {
        // The provider would not create it: kept as a failed, retryable request and alerted once. Histories
        // from before only answered the caller.
        if (!patched('refund-failure-recorded')) throw err;
        const info = failureInfo(err);
        const f = await ledgerActs.recordRefundFailure({
          paymentId,
          requestKey: req.requestKey,
          provider: plan.provider ?? 'stripe',
          amountCents: plan.amountCents,
          failure: { type: info.type, details: info.details },
        });
        return {
          error: {
            ...info,
            message: `${info.message} (kept as failed refund request ${f.refundFailureId}; send the same request again to retry)`,
          },
        };
      }
      const res = await ledgerActs.recordRefund({
        paymentId,
        requestKey: req.requestKey,
        amountCents: plan.amountCents,
        reason: req.reason,
        ...made,
      });
      await ledgerActs.appendPaymentAudit({
        action: 'payment.refunded',
        subject: `payment:${paymentId}`,
        details: {
          paymentId,
          invoiceId: res.invoiceId,
          refundId: res.refundId,
          amountCents: res.amountCents,
          providerRefundId: made.providerRefundId,
          reason: req.reason,
        },
        dedupeKey: `refund:${res.refundId}`,
      });
      await mailActs
        .sendRefundEmail(res.refundId, paymentId)
        .catch((err: unknown) => log.warn('refund email failed', { paymentId, error: failureInfo(err).message }));
      return res;
    } catch (err) {
      return { error: failureInfo(err) };
    }
  }

  for (;;) {
    const busy = await condition(() => queue.length > 0 || observed.length > 0, IDLE_TIMEOUT);
    if (!busy && queue.length === 0 && observed.length === 0) break;
    while (observed.length > 0) {
      const o = observed.shift()!;
      const r = await ledgerActs.recordObservedRefunds(paymentId, o);
      if (r.added > 0) {
        await ledgerActs.appendPaymentAudit({
          action: 'payment.refund_observed',
          subject: `payment:${paymentId}`,
          details: { paymentId, eventId: o.eventId, added: r.added, totalRefundedCents: r.totalRefundedCents },
          dedupeKey: `refund-observed:${o.eventId}`,
        });
      }
      handled += 1;
    }
    const req = queue.shift();
    if (req) {
      results.set(req.requestKey, await refund(req));
      handled += 1;
    }
    if (workflowInfo().continueAsNewSuggested && queue.length === 0 && observed.length === 0) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof refundWorkflow>({ paymentId });
    }
  }
  await condition(allHandlersFinished);
  return { paymentId, handled };
}
