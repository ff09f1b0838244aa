import { callerWorkflow } from './activity-context';
import { alertFailure } from './failure-alerts';
import { ApplicationFailure } from '@temporalio/common';
import { formatCents } from '../domain/money';
import {
  PAYMENT_FAILURE_TYPES,
  type PaymentProvider,
  type RefundObserved,
  type RefundRequest,
  type RefundResult,
} from '../domain/payments';
import type { PaymentRow, RefundRow } from '../infra/db/repositories/payments-ledger';
import type { PaymentActivityDeps } from './payment-deps';

export type RefundPlan =
  | { kind: 'duplicate'; result: RefundResult }
  | { kind: 'refund'; amountCents: number; providerPaymentId: string; provider?: PaymentProvider };

function result(pay: PaymentRow, refund: RefundRow, duplicate: boolean): RefundResult {
  return {
    refundId: refund.id,
    paymentId: pay.id,
    invoiceId: pay.invoiceId,
    amountCents: refund.amountCents,
    refundedTotalCents: pay.refundedCents,
    remainingCents: pay.amountCents - pay.refundedCents,
    status: refund.status,
    duplicate,
  };
}

export function createRefundActivities(deps: PaymentActivityDeps) {
  const { payments: d, metrics } = deps;
  async function payment(paymentId: string): Promise<PaymentRow> {
    const pay = await d.ledger.get(paymentId);
    if (!pay)
      throw ApplicationFailure.nonRetryable(`Payment ${paymentId} not found`, PAYMENT_FAILURE_TYPES.paymentNotFound);
    return pay;
  }

  return {
    /**
     * Decides what a request may refund. Runs inside the per-payment refund workflow, which handles
     * one request at a time, so "what remains" cannot change between this check and the refund.
     */
    async planRefund(paymentId: string, req: RefundRequest): Promise<RefundPlan> {
      const pay = await payment(paymentId);
      const earlier = await d.ledger.refundByRequestKey(req.requestKey);
      if (earlier) return { kind: 'duplicate', result: result(pay, earlier, true) };
      if (!pay.providerPaymentId) {
        throw ApplicationFailure.nonRetryable(
          `Payment ${paymentId} has no ${pay.provider} reference; refund it in the ${pay.provider} dashboard`,
          PAYMENT_FAILURE_TYPES.unsupportedProvider,
        );
      }
      const remaining = pay.amountCents - pay.refundedCents;
      if (remaining <= 0)
        throw ApplicationFailure.nonRetryable(
          `Payment ${paymentId} is fully refunded`,
          PAYMENT_FAILURE_TYPES.nothingToRefund,
        );
      const amountCents = req.amountCents ?? remaining;
      if (amountCents > remaining) {
        throw ApplicationFailure.create({
          message: `amount ${formatCents(amountCents)} exceeds the refundable remainder ${formatCents(remaining)}`,
          type: PAYMENT_FAILURE_TYPES.exceedsRemaining,
          nonRetryable: true,
          details: [{ remainingCents: remaining }],
        });
      }
      return { kind: 'refund', amountCents, providerPaymentId: pay.providerPaymentId, provider: pay.provider };
    },

    /** Stores the refund and updates payment, invoice and tasks; idempotent on the request key. */
    async recordRefund(input: {
      paymentId: string;
      requestKey: string;
      amountCents: number;
      reason: string;
      providerRefundId: string;
      status: string;
    }): Promise<RefundResult> {
      const { refund, created, payment: pay } = await d.ledger.insertRefund({ ...input, source: 'api' });
      // A request that failed at the provider before and went through now: its failure is resolved.
      await d.ledger.resolveRefundFailure(input.requestKey, refund.id);
      if (created) metrics.refunds.inc({ source: 'api', status: refund.status });
      if (created && refund.status === 'failed')
        await alertFailure(deps, {
          subject: `refund:${refund.id}`,
          severity: 'warning',
          title: `Refund ${refund.id} failed at the provider`,
          text: `Refund ${refund.id} of payment ${input.paymentId} (${input.amountCents} cents) failed at the provider.`,
          workflowId: callerWorkflow().workflowId,
        });
      return result(pay, refund, !created);
    },

    /**
     * The provider would not create the refund (a rejection, or errors through all retries): the request is
     * kept as a failed, retryable refund (the same request again retries it) and one alert names it, ids
     * and codes only; the alert service sends a subject once per ALERT_DEDUPE_MINUTES.
     */
    async recordRefundFailure(input: {
      paymentId: string;
      requestKey: string;
      provider: PaymentProvider;
      amountCents: number;
      failure: { type: string; details?: unknown[] };
    }): Promise<{ refundFailureId: string; failures: number }> {
      const detail = (input.failure.details?.[0] ?? {}) as { stripeCode?: unknown; issue?: unknown };
      const code = [detail.stripeCode, detail.issue].find((c): c is string => typeof c === 'string') ?? null;
      const { failure } = await d.ledger.recordRefundFailure({
        paymentId: input.paymentId,
        requestKey: input.requestKey,
        provider: input.provider,
        amountCents: input.amountCents,
        failureType: input.failure.type.slice(0, 100),
        failureCode: code && code.slice(0, 100),
      });
      metrics.refunds.inc({ source: 'api', status: 'creation_failed' });
      await alertFailure(deps, {
        subject: `refund:${failure.id}`,
        severity: 'warning',
        title: `Refund request ${failure.id} failed at ${input.provider}`,
        text: `Refund request ${failure.id} of payment ${input.paymentId} (${input.amountCents} cents) could not be created at ${input.provider}: ${failure.failureType}${code ? ` (${code})` : ''}. It is kept as failed and retryable: send the same refund request again.`,
        workflowId: callerWorkflow().workflowId,
      });
      return { refundFailureId: failure.id, failures: failure.failures };
    },

    /** Records refunds the provider reports that the ledger does not know yet (made in a dashboard). */
    async recordObservedRefunds(
      paymentId: string,
      obs: RefundObserved,
    ): Promise<{ added: number; totalRefundedCents: number }> {
      const pay = await payment(paymentId);
      const known = await d.ledger.knownProviderRefundIds(obs.refunds.map((r) => r.providerRefundId));
      let added = 0;
      let total = pay.refundedCents;
      for (const r of obs.refunds) {
        if (known.has(r.providerRefundId)) continue;
        const res = await d.ledger.insertRefund({
          paymentId,
          amountCents: r.amountCents,
          providerRefundId: r.providerRefundId,
          status: 'succeeded',
          source: 'provider',
          reason: `reported by ${pay.provider} (${obs.eventId})`,
        });
        if (res.created) {
          added += 1;
          metrics.refunds.inc({ source: 'provider', status: 'succeeded' });
        }
        total = res.payment.refundedCents;
      }
      // Events that carry only the running total: record the part the ledger does not explain yet.
      if (obs.totalRefundedCents !== undefined && obs.totalRefundedCents > total) {
        const res = await d.ledger.insertRefund({
          paymentId,
          amountCents: Math.min(obs.totalRefundedCents, pay.amountCents) - total,
          providerRefundId: `${obs.providerRef ?? paymentId}:total:${obs.totalRefundedCents}`,
          status: 'succeeded',
          source: 'provider',
          reason: `reported by ${pay.provider} (${obs.eventId})`,
        });
        if (res.created) {
          added += 1;
          metrics.refunds.inc({ source: 'provider', status: 'succeeded' });
        }
        total = res.payment.refundedCents;
      }
      return { added, totalRefundedCents: total };
    },

    /** Tells the client about the refund, once per refund. */
    async sendRefundEmail(refundId: string, paymentId: string): Promise<'sent' | 'skipped'> {
      const pay = await payment(paymentId);
      const inv = await d.invoices.get(pay.invoiceId);
      const refund = (await d.ledger.refundsOf(paymentId)).find((r) => r.id === refundId);
      if (!inv || !refund || refund.emailedAt) return 'skipped';
      // Transactional (money returned to the client): sent even after an unsubscribe.
      const sent = await d.clientMail.send(
        {
          to: inv.email,
          subject: `Refund of ${formatCents(refund.amountCents)} ${refund.currency.toUpperCase()} for invoice ${inv.id}`,
          text: `We refunded ${formatCents(refund.amountCents)} ${refund.currency.toUpperCase()} of invoice ${inv.id}.\nReason: ${refund.reason ?? 'n/a'}\nRefunded in total: ${formatCents(pay.refundedCents)} of ${formatCents(pay.amountCents)}.\n`,
          messageId: `<refund-${refund.id}@echopilot>`,
        },
        'transactional',
      );
      if (sent === 'sent') await d.ledger.markRefundEmailed(refund.id);
      return sent === 'sent' ? 'sent' : 'skipped';
    },
  };
}
export type RefundActivities = ReturnType<typeof createRefundActivities>;
