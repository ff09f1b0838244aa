import { formatCents } from '../domain/money';
import type { InvoiceRow } from '../infra/db/repositories/invoices';
import type { PaymentServices } from '../infra/payments/payment-services';

export function invoiceView(inv: InvoiceRow) {
  return {
    invoiceId: inv.id,
    workflowId: inv.workflowId,
    status: inv.status,
    provider: inv.provider,
    clientId: inv.clientId,
    email: inv.email,
    description: inv.description,
    amountCents: inv.amountCents,
    amount: formatCents(inv.amountCents),
    currency: inv.currency,
    refundedCents: inv.refundedCents,
    taskIds: inv.taskIds,
    lineItems: inv.lineItems,
    periodFrom: inv.periodFrom?.toISOString() ?? null,
    periodTo: inv.periodTo?.toISOString() ?? null,
    checkoutUrl: inv.checkoutUrl,
    expiresAt: inv.expiresAt.toISOString(),
    paidAt: inv.paidAt?.toISOString() ?? null,
    expiredAt: inv.expiredAt?.toISOString() ?? null,
    createdAt: inv.createdAt.toISOString(),
  };
}

/** One invoice with its payment and refunds. */
export async function invoiceDetail(p: PaymentServices, inv: InvoiceRow) {
  const payment = await p.ledger.byInvoice(inv.id);
  const refunds = payment ? await p.ledger.refundsOf(payment.id) : [];
  const failures = payment ? await p.ledger.refundFailuresOf(payment.id) : [];
  return {
    ...invoiceView(inv),
    payment: payment && {
      paymentId: payment.id,
      provider: payment.provider,
      amountCents: payment.amountCents,
      refundedCents: payment.refundedCents,
      paidAt: payment.paidAt.toISOString(),
    },
    refunds: refunds.map((r) => ({
      refundId: r.id,
      amountCents: r.amountCents,
      status: r.status,
      source: r.source,
      reason: r.reason,
      createdAt: r.createdAt.toISOString(),
    })),
    // Refund requests the provider would not create: `failed` ones are retried by sending the same request again.
    refundFailures: failures.map((f) => ({
      refundFailureId: f.id,
      requestKey: f.requestKey,
      amountCents: f.amountCents,
      status: f.status,
      failureType: f.failureType,
      failureCode: f.failureCode,
      failures: f.failures,
      refundId: f.refundId,
      lastFailedAt: f.lastFailedAt.toISOString(),
    })),
  };
}
