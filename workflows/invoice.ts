import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  log,
  patched,
  proxyActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  PAID_STATUSES,
  PAYMENT_FAILURE_TYPES,
  type CheckoutInfo,
  type InvoiceState,
  type InvoiceStatus,
  type InvoiceWorkflowInput,
  type PaymentFailed,
  type PaymentSucceeded,
} from '../domain/payments';
import { reportSettlement } from './invoice-settlement';
import { failureInfo } from './failure';
import {
  invoiceCheckout,
  invoiceCheckoutExpired,
  invoicePaymentFailed,
  invoicePaymentSucceeded,
  invoiceState,
} from '../domain/contracts/payment-messages';

// Checkout creation: Stripe's rejections fail at once (non-retryable, the caller hears why); an outage
// (5xx, network, 429) is waited out for up to an hour, as a few quick retries turned a 10 s outage into a
// failed invoice whose idempotency key could not be used again. create-invoice answers 202 after 30 s.
const checkoutActs = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '1 hour',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
// Ledger writes: retried until they succeed; a received payment must never be lost.
const ledgerActs = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
// Emails: bounded retries; a mail server outage must not hold the invoice hostage.
const mailActs = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5, initialInterval: '5 seconds', backoffCoefficient: 2 },
});

export interface InvoiceOutcome {
  invoiceId: string;
  status: InvoiceStatus;
  paymentId?: string;
}

/**
 * One invoice from checkout to paid or expired (id `invoice-<invoiceId>`). Payment events arrive as
 * signals (webhooks, reconciliation, via signalWithStart); a repeated event id changes nothing.
 * State lives in the database too, so a run started late by a signal resumes from the stored invoice.
 */
export async function invoiceWorkflow({ invoiceId }: InvoiceWorkflowInput): Promise<InvoiceOutcome> {
  let checkout: CheckoutInfo | undefined;
  let checkoutError: string | undefined;
  let paid: PaymentSucceeded | undefined;
  let stripeExpired = false;
  let reminderDue = false;
  let expiryDue = false;
  let reminderSent = false;
  let status: InvoiceState['status'] = 'starting';
  const seen = new Set<string>();
  const failures: PaymentFailed[] = [];
  let handledFailures = 0;

  setHandler(invoicePaymentSucceeded, (p) => {
    if (seen.has(p.eventId)) return;
    seen.add(p.eventId);
    paid ??= p; // checkout.session.completed and payment_intent.succeeded both report the one payment
  });
  setHandler(invoicePaymentFailed, (f) => {
    if (seen.has(f.eventId)) return;
    seen.add(f.eventId);
    failures.push(f);
  });
  setHandler(invoiceCheckoutExpired, (e) => {
    seen.add(e.eventId);
    stripeExpired = true;
  });
  setHandler(invoiceCheckout, async () => {
    await condition(() => checkout !== undefined || checkoutError !== undefined);
    if (checkout) return checkout;
    throw ApplicationFailure.nonRetryable(checkoutError, 'checkout_failed');
  });
  setHandler(invoiceState, () => ({
    invoiceId,
    status,
    checkoutUrl: checkout?.checkoutUrl,
    paymentEvents: [...seen],
    failures: failures.length,
    reminderSent,
  }));

  let prepared;
  try {
    prepared = await checkoutActs.prepareInvoiceCheckout(invoiceId);
  } catch (err) {
    const info = failureInfo(err);
    checkoutError = info.message;
    status = 'failed';
    if (info.type !== PAYMENT_FAILURE_TYPES.invoiceNotFound)
      await ledgerActs.markInvoiceFailed(invoiceId, info.message);
    await condition(allHandlersFinished);
    throw ApplicationFailure.create({ message: info.message, type: info.type, nonRetryable: true });
  }
  status = prepared.status;
  if (prepared.checkoutUrl) checkout = { invoiceId, checkoutUrl: prepared.checkoutUrl, expiresAt: prepared.expiresAt };
  else checkoutError ??= `invoice is ${prepared.status}; it has no checkout`;

  // The client gets the pay link and the PDF at once, beside the timers (a slow mail server delays no
  // expiry); the run waits for it before it ends. Runs recorded before this sent nothing here.
  const issuedMail =
    prepared.status === 'open' && patched('invoice-issued-email')
      ? mailActs
          .sendInvoiceIssued(invoiceId)
          .catch((err: unknown) => log.warn('invoice email failed', { invoiceId, error: failureInfo(err).message }))
      : undefined;

  if (prepared.status === 'open' || prepared.status === 'pending') {
    // Timers run beside the signal handlers; whichever comes first decides.
    if (prepared.msUntilReminder !== undefined)
      void sleep(Math.max(1, prepared.msUntilReminder)).then(() => (reminderDue = true));
    void sleep(Math.max(1, prepared.msUntilExpiry)).then(() => (expiryDue = true));
    for (;;) {
      await condition(
        () =>
          !!paid || stripeExpired || expiryDue || (reminderDue && !reminderSent) || failures.length > handledFailures,
      );
      while (handledFailures < failures.length)
        await ledgerActs.recordInvoicePaymentFailure(invoiceId, failures[handledFailures++]!);
      if (paid) break;
      if (reminderDue && !reminderSent) {
        reminderSent = true;
        await mailActs
          .sendInvoiceReminder(invoiceId)
          .catch((err: unknown) => log.warn('reminder email failed', { invoiceId, error: failureInfo(err).message }));
        continue;
      }
      if (stripeExpired || expiryDue) {
        const r = await ledgerActs.expireInvoiceCheckout(invoiceId);
        if (r.outcome === 'paid_meanwhile') paid ??= r.payment;
        else if (r.outcome === 'expired') {
          status = 'expired';
          await ledgerActs.appendPaymentAudit({
            action: 'invoice.expired',
            subject: `invoice:${invoiceId}`,
            details: { invoiceId, byStripe: stripeExpired },
            dedupeKey: `invoice.expired:${invoiceId}`,
          });
        }
        break;
      }
    }
  }

  // Paid (also when the money arrived after expiry, or on a late run for an invoice paid before).
  if (paid || PAID_STATUSES.includes(prepared.status)) {
    let paymentId: string | undefined;
    if (paid) {
      let settlement: Record<string, string> = {};
      let rec: { paymentId: string; amountCents: number };
      // Amount and currency are checked before the invoice is paid; histories from before keep the old path.
      if (patched('invoice-settlement-check')) {
        const s = await ledgerActs.settleInvoicePayment(invoiceId, paid);
        await reportSettlement(invoiceId, paid, s);
        if (s.outcome !== 'paid') {
          status = s.outcome;
          await issuedMail;
          await condition(allHandlersFinished);
          return { invoiceId, status: s.outcome };
        }
        rec = s;
        if (s.verdict === 'overpaid') settlement = { settlement: 'overpaid' };
      } else {
        rec = await ledgerActs.recordInvoicePayment(invoiceId, paid);
      }
      paymentId = rec.paymentId;
      await ledgerActs.appendPaymentAudit({
        action: 'invoice.paid',
        subject: `invoice:${invoiceId}`,
        details: {
          invoiceId,
          paymentId,
          amountCents: rec.amountCents,
          provider: paid.provider,
          providerPaymentId: paid.providerPaymentId ?? null,
          eventId: paid.eventId,
          ...settlement,
        },
        dedupeKey: `invoice.paid:${invoiceId}`,
      });
    }
    await mailActs
      .sendInvoiceReceipt(invoiceId)
      .catch((err: unknown) => log.warn('receipt email failed', { invoiceId, error: failureInfo(err).message }));
    status = PAID_STATUSES.includes(prepared.status) ? prepared.status : 'paid';
    await issuedMail;
    await condition(allHandlersFinished);
    return { invoiceId, status: status, paymentId };
  }
  await issuedMail;
  await condition(allHandlersFinished);
  return { invoiceId, status: status };
}
