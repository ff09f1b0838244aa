import { formatCents } from '../domain/money';
import { renderInvoicePdf } from '../infra/pdf/invoice-pdf';
import { loadInvoice } from './invoice-activities';
import type { PaymentActivityDeps } from './payment-deps';

/** Issued, reminder and receipt emails of an invoice, each sent at most once (flag claimed, released on error). */
export function createInvoiceMailActivities({ payments: d }: PaymentActivityDeps) {
  const load = (invoiceId: string) => loadInvoice(d, invoiceId);
  return {
    /** At creation: the pay link and the invoice PDF with its line items; sent at most once. */
    async sendInvoiceIssued(invoiceId: string): Promise<'sent' | 'skipped'> {
      const inv = await load(invoiceId);
      if (inv.status !== 'open' || !inv.checkoutUrl) return 'skipped';
      if (!(await d.invoices.claimEmail(invoiceId, 'issued'))) return 'skipped';
      try {
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
          payUrl: inv.checkoutUrl,
        });
        const total = `${formatCents(inv.amountCents)} ${inv.currency.toUpperCase()}`;
        // The bill the operator made out is transactional (like the receipt): sent even after an unsubscribe.
        const sent = await d.clientMail.send(
          {
            to: inv.email,
            subject: `Invoice ${inv.id}: ${total}`,
            text: `Your invoice ${inv.id} for ${total} is attached as a PDF.\nPay here: ${inv.checkoutUrl}\nThe link is valid until ${inv.expiresAt.toISOString()}.\n`,
            messageId: `<invoice-${inv.id}-issued@echopilot>`,
            attachments: [{ filename: `invoice-${inv.id}.pdf`, content: pdf, contentType: 'application/pdf' }],
          },
          'transactional',
        );
        return sent === 'sent' ? 'sent' : 'skipped';
      } catch (err) {
        await d.invoices.releaseEmail(invoiceId, 'issued');
        throw err;
      }
    },

    /** The reminder before expiry; sent at most once (flag claimed before sending, released on error). */
    async sendInvoiceReminder(invoiceId: string): Promise<'sent' | 'skipped'> {
      const inv = await load(invoiceId);
      if (inv.status !== 'open' || !inv.checkoutUrl) return 'skipped';
      if (!(await d.invoices.claimEmail(invoiceId, 'reminder'))) return 'skipped';
      try {
        // A reminder is optional mail: an unsubscribed address does not get it.
        const sent = await d.clientMail.send(
          {
            to: inv.email,
            subject: `Reminder: invoice ${inv.id} (${formatCents(inv.amountCents)} ${inv.currency.toUpperCase()}) is still open`,
            text: `Your invoice ${inv.id} expires at ${inv.expiresAt.toISOString()}.\nPay here: ${inv.checkoutUrl}\n`,
            messageId: `<invoice-${inv.id}-reminder@echopilot>`,
          },
          'optional',
        );
        return sent === 'sent' ? 'sent' : 'skipped';
      } catch (err) {
        await d.invoices.releaseEmail(invoiceId, 'reminder');
        throw err;
      }
    },

    /** The receipt email with the invoice PDF attached; at most once per invoice. */
    async sendInvoiceReceipt(invoiceId: string): Promise<'sent' | 'skipped'> {
      const inv = await load(invoiceId);
      const payment = await d.ledger.byInvoice(invoiceId);
      if (!payment) return 'skipped';
      if (!(await d.invoices.claimEmail(invoiceId, 'receipt'))) return 'skipped';
      try {
        const client = await d.clients.get(inv.clientId);
        const pdf = await renderInvoicePdf({
          businessName: d.config.payments.businessName,
          invoiceId: inv.id,
          email: inv.email,
          clientName: client?.name,
          description: inv.description,
          amountCents: payment.amountCents,
          currency: payment.currency,
          taskIds: inv.taskIds,
          lineItems: inv.lineItems,
          issuedAt: inv.createdAt,
          paidAt: payment.paidAt,
          paymentRef: payment.providerPaymentId,
        });
        // A receipt of a payment the client made is transactional: sent even after an unsubscribe.
        const sent = await d.clientMail.send(
          {
            to: inv.email,
            subject: `Receipt for invoice ${inv.id}: ${formatCents(payment.amountCents)} ${payment.currency.toUpperCase()} paid`,
            text: `Thank you. We received ${formatCents(payment.amountCents)} ${payment.currency.toUpperCase()} for invoice ${inv.id}.\nThe invoice is attached as a PDF.\n`,
            messageId: `<invoice-${inv.id}-receipt@echopilot>`,
            attachments: [{ filename: `invoice-${inv.id}.pdf`, content: pdf, contentType: 'application/pdf' }],
          },
          'transactional',
        );
        return sent === 'sent' ? 'sent' : 'skipped';
      } catch (err) {
        await d.invoices.releaseEmail(invoiceId, 'receipt');
        throw err;
      }
    },
  };
}
