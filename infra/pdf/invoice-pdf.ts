import PDFDocument from 'pdfkit';
import { formatCents } from '../../domain/money';

export interface InvoicePdfInput {
  businessName: string;
  invoiceId: string;
  email: string;
  clientName?: string | null;
  description?: string | null;
  amountCents: number;
  currency: string;
  refundedCents?: number;
  taskIds: string[];
  /** Printed one per row when given (quantity × unit = amount). */
  lineItems?: { description: string; quantity: number; unitCents: number; amountCents: number }[];
  /** The pay link, printed on an unpaid invoice. */
  payUrl?: string | null;
  issuedAt: Date;
  paidAt?: Date | null;
  paymentRef?: string | null;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** The invoice/receipt PDF attached to the receipt email (pdfkit, built in memory). */
export function renderInvoicePdf(inv: InvoicePdfInput): Promise<Buffer> {
  const money = (c: number) => `${formatCents(c)} ${inv.currency.toUpperCase()}`;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Invoice ${inv.invoiceId}`, Author: inv.businessName, Subject: inv.paidAt ? 'Receipt' : 'Invoice' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.fontSize(20).text(inv.businessName);
  doc
    .moveDown(0.5)
    .fontSize(14)
    .text(inv.paidAt ? 'Receipt' : 'Invoice');
  doc.moveDown().fontSize(10);
  doc.text(`Invoice number: ${inv.invoiceId}`);
  doc.text(`Issued: ${iso(inv.issuedAt)}`);
  if (inv.paidAt) doc.text(`Paid: ${iso(inv.paidAt)}${inv.paymentRef ? ` (ref ${inv.paymentRef})` : ''}`);
  doc.moveDown().text(`Billed to: ${inv.clientName ? `${inv.clientName} <${inv.email}>` : inv.email}`);
  doc
    .moveDown()
    .fontSize(12)
    .text(inv.description || 'AI task automation services');
  if (inv.lineItems && inv.lineItems.length > 0) {
    doc.moveDown(0.5).fontSize(10);
    for (const l of inv.lineItems)
      doc.text(`${l.description}   ${l.quantity} x ${money(l.unitCents)} = ${money(l.amountCents)}`);
  }
  if (inv.taskIds.length > 0) doc.fontSize(9).text(`Tasks: ${inv.taskIds.join(', ')}`);
  doc
    .moveDown()
    .fontSize(12)
    .text(`Total: ${money(inv.amountCents)}`);
  if (inv.refundedCents) doc.text(`Refunded: ${money(inv.refundedCents)}`);
  if (inv.paidAt) doc.text(`Amount paid: ${money(inv.amountCents)}`);
  else if (inv.payUrl) doc.moveDown().fontSize(10).text(`Pay online: ${inv.payUrl}`);
  doc.end();
  return done;
}
