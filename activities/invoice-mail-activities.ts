import { formatCents } from '../domain/money';
import type { ClientMailKind } from '../infra/clients/client-mail';
import type { MailMessage } from '../infra/clients/mailer';
import type { InvoiceEmail, InvoiceRow } from '../infra/db/repositories/invoices';
import { renderInvoicePdf, type InvoicePdfInput } from '../infra/pdf/invoice-pdf';
import { loadInvoice } from './invoice-activities';
import type { PaymentActivityDeps } from './payment-deps';

/** Issued, reminder and receipt emails of an invoice, each sent at most once (flag claimed, released on error). */
export function createInvoiceMailActivities({ payments: d }: PaymentActivityDeps) {
  const load = (invoiceId: string) => loadInvoice(d, invoiceId);

  /** Claims the invoice's flag for this email, sends it, and gives the flag back if sending fails. */
  async function sendOnce(
    invoiceId: string,
    which: InvoiceEmail,
    kind: ClientMailKind,
    message: () => Promise<MailMessage>,
  ): Promise<'sent' | 'skipped'> {
    if (!(await d.invoices.claimEmail(invoiceId, which))) return 'skipped';
    try {
      return (await d.clientMail.send(await message(), kind)) === 'sent' ? 'sent' : 'skipped';
    } catch (err) {
      await d.invoices.releaseEmail(invoiceId, which);
      throw err;
    }
  }

  /** The invoice as a PDF attachment; `paid` adds what the receipt shows. */
  async function invoicePdf(inv: InvoiceRow, paid: Partial<InvoicePdfInput> = {}) {
    const client = await d.clients.get(inv.clientId);
    const pdf = await renderInvoicePdf({
      businessName: d.config.payments.businessName,
      invoiceId: inv.id,
      email: inv.email,
      clientName: client?.name,
      description: inv.description,
      amountCents: inv.amountCents,
      currency: inv.currency,
      taskIds: inv.taskIds,
      lineItems: inv.lineItems,
      issuedAt: inv.createdAt,
      ...paid,
    });
    return { filename: `invoice-${inv.id}.pdf`, content: pdf, contentType: 'application/pdf' };
  }

  return {
    /** At creation: the pay link and the invoice PDF with its line items; sent at most once. */
    async sendInvoiceIssued(invoiceId: string): Promise<'sent' | 'skipped'> {
      const inv = await load(invoiceId);
      if (inv.status !== 'open' || !inv.checkoutUrl) return 'skipped';
      const total = `${formatCents(inv.amountCents)} ${inv.currency.toUpperCase()}`;
      // The bill the operator made out is transactional (like the receipt): sent even after an unsubscribe.
      return sendOnce(invoiceId, 'issued', 'transactional', async () => ({
        to: inv.email,
        subject: `Invoice ${inv.id}: ${total}`,
        text: `Your invoice ${inv.id} for ${total} is attached as a PDF.\nPay here: ${inv.checkoutUrl}\nThe link is valid until ${inv.expiresAt.toISOString()}.\n`,
        messageId: `<invoice-${inv.id}-issued@echopilot>`,
        attachments: [await invoicePdf(inv, { payUrl: inv.checkoutUrl })],
      }));
    },

    /** The reminder before expiry; sent at most once (flag claimed before sending, released on error). */
    async sendInvoiceReminder(invoiceId: string): Promise<'sent' | 'skipped'> {
      const inv = await load(invoiceId);
      if (inv.status !== 'open' || !inv.checkoutUrl) return 'skipped';
      // A reminder is optional mail: an unsubscribed address does not get it.
      return sendOnce(invoiceId, 'reminder', 'optional', () =>
        Promise.resolve({
          to: inv.email,
          subject: `Reminder: invoice ${inv.id} (${formatCents(inv.amountCents)} ${inv.currency.toUpperCase()}) is still open`,
          text: `Your invoice ${inv.id} expires at ${inv.expiresAt.toISOString()}.\nPay here: ${inv.checkoutUrl}\n`,
          messageId: `<invoice-${inv.id}-reminder@echopilot>`,
        }),
      );
    },

    /** The receipt email with the invoice PDF attached; at most once per invoice. */
    async sendInvoiceReceipt(invoiceId: string): Promise<'sent' | 'skipped'> {
      const inv = await load(invoiceId);
      const payment = await d.ledger.byInvoice(invoiceId);
      if (!payment) return 'skipped';
      const paid = `${formatCents(payment.amountCents)} ${payment.currency.toUpperCase()}`;
      // A receipt of a payment the client made is transactional: sent even after an unsubscribe.
      return sendOnce(invoiceId, 'receipt', 'transactional', async () => ({
        to: inv.email,
        subject: `Receipt for invoice ${inv.id}: ${paid} paid`,
        text: `Thank you. We received ${paid} for invoice ${inv.id}.\nThe invoice is attached as a PDF.\n`,
        messageId: `<invoice-${inv.id}-receipt@echopilot>`,
        attachments: [
          await invoicePdf(inv, {
            amountCents: payment.amountCents,
            currency: payment.currency,
            paidAt: payment.paidAt,
            paymentRef: payment.providerPaymentId,
          }),
        ],
      }));
    },
  };
}
