import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoices, invoiceTasks, jobs } from '../../infra/db/schema';
import { createClient } from '../support/clients';
import { pdfText } from '../support/pdf-text';
import { admin, createInvoice, createPaymentPlatform, type PaymentPlatform } from '../support/payments';

type Line = { description: string; quantity: number; unitCents: number; amountCents: number; taskId?: string };
type Invoice = { invoiceId: string; amountCents: number; lineItems: Line[]; taskIds: string[]; checkoutUrl: string };
type ErrorJson = { error: { code: string; details?: { field?: string; issues?: { field: string }[] } } };

describe('invoices from the work: amounts from rates and tasks, never a task twice, email with link and PDF', () => {
  let p: PaymentPlatform;
  const finished = (taskId: string, clientId: string, extra: Partial<typeof jobs.$inferInsert> = {}) => ({
    taskId,
    workflowId: `task-${taskId}`,
    source: 'api',
    title: `Work ${taskId}`,
    prompt: 'p',
    clientId,
    status: 'done',
    completedAt: new Date('2026-03-10T12:00:00Z'),
    ...extra,
  });
  beforeAll(async () => {
    p = await createPaymentPlatform({ PAYMENTS_MAX_AMOUNT: '1000' });
    await createClient(p.app, {
      clientId: 'studio',
      name: 'Studio Nine',
      email: 'Accounts@Studio.example',
      ratePerMinuteUsd: 2,
      pricePerTaskUsd: 15,
    });
    await createClient(p.app, { clientId: 'other', name: 'Other', email: 'o@other.example', pricePerTaskUsd: 1 });
    await p.database.db.insert(jobs).values([
      finished('w-text', 'studio'),
      finished('w-media', 'studio', { type: 'media', mediaSeconds: 125 }), // 3 started minutes
      finished('w-april', 'studio', { completedAt: new Date('2026-04-02T09:00:00Z') }),
      finished('w-running', 'studio', { status: 'running', completedAt: null }),
      finished('w-other', 'other'),
    ]);
  });
  afterAll(async () => p.close());

  it('{ clientId, from, to } bills the finished tasks of the period at the client rates, with line items', async () => {
    const res = await createInvoice(p, { clientId: 'studio', from: '2026-03-01', to: '2026-03-31' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const inv = res.body as unknown as Invoice;
    // Two tasks at $15, plus 3 media minutes at $2: 15 + 15 + 6.
    expect(inv.amountCents).toBe(3600);
    expect(inv.lineItems).toEqual([
      { description: 'Task: Work w-media', quantity: 1, unitCents: 1500, amountCents: 1500, taskId: 'w-media' },
      { description: 'Media minutes: Work w-media', quantity: 3, unitCents: 200, amountCents: 600, taskId: 'w-media' },
      { description: 'Task: Work w-text', quantity: 1, unitCents: 1500, amountCents: 1500, taskId: 'w-text' },
    ]);
    expect(inv.taskIds.sort()).toEqual(['w-media', 'w-text']);
    const stored = await p.appDeps.payments.invoices.get(inv.invoiceId);
    expect(stored).toMatchObject({ email: 'accounts@studio.example', amountCents: 3600, lineItems: inv.lineItems });

    // The client gets the pay link and the PDF with the line items at creation.
    const mail = await p.smtp.waitFor((m) => m.subject.includes(inv.invoiceId), 20_000);
    expect(mail.to).toEqual(['accounts@studio.example']);
    expect(mail.text).toContain(inv.checkoutUrl);
    const pdf = mail.attachments.find((a) => a.contentType === 'application/pdf')!;
    const text = pdfText(pdf.content).join('\n');
    expect(text).toContain(`Invoice number: ${inv.invoiceId}`);
    expect(text).toContain('Media minutes: Work w-media   3 x 2.00 USD = 6.00 USD');
    expect(text).toContain('Task: Work w-text   1 x 15.00 USD = 15.00 USD');
    expect(text).toContain('Total: 36.00 USD');
    expect(text.replaceAll('\n', '')).toContain(`Pay online: ${inv.checkoutUrl}`); // a long link wraps
  });

  it('never bills a task twice: named again → 409, the period again → only the new work', async () => {
    const again = await createInvoice(p, { clientId: 'studio', taskIds: ['w-text'] });
    expect(again.status).toBe(409);
    expect((again.body as unknown as ErrorJson).error).toMatchObject({
      code: 'already_invoiced',
      details: { field: 'taskIds[0]' },
    });
    const rest = await createInvoice(p, { clientId: 'studio' });
    expect(rest.status, JSON.stringify(rest.body)).toBe(201);
    expect((rest.body as unknown as Invoice).taskIds).toEqual(['w-april']);
    const nothing = await createInvoice(p, { clientId: 'studio' });
    expect(nothing.status).toBe(400);
  });

  it('the database itself refuses a second live invoice for a task; an expired invoice gives its tasks back', async () => {
    const [live] = await p.database.db.select().from(invoiceTasks).limit(1);
    const insertTwice = p.database.db.insert(invoiceTasks).values({ invoiceId: 'inv_other', taskId: live!.taskId });
    await expect(insertTwice).rejects.toThrow();
    await p.appDeps.payments.invoices.markExpired(live!.invoiceId);
    const links = await p.database.db.select().from(invoiceTasks);
    expect(links.filter((l) => l.invoiceId === live!.invoiceId).every((l) => l.released)).toBe(true);
    const rebill = await createInvoice(p, { clientId: 'studio', taskIds: [live!.taskId] });
    expect(rebill.status, JSON.stringify(rebill.body)).toBe(201);
  });

  it('bad input names the field: unknown clientId, another client’s or unfinished task, both taskIds and from', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ clientId: 'nobody' }, 'clientId'],
      [{ amount: 5, email: 'x@example.com', clientId: 'nobody' }, 'clientId'],
      [{ clientId: 'studio', taskIds: ['w-other'] }, 'taskIds[0]'],
      [{ clientId: 'studio', taskIds: ['w-running'] }, 'taskIds[0]'],
      [{ clientId: 'studio', taskIds: ['w-text'], from: '2026-03-01' }, 'taskIds'],
      [{ clientId: 'studio', from: 'March' }, 'from'],
      [{ clientId: 'studio', from: '2026-03-05', to: '2026-03-01' }, 'to'],
      [{}, 'clientId'],
    ];
    for (const [body, field] of cases) {
      const res = await createInvoice(p, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((res.body as unknown as ErrorJson).error.details!.issues!.map((i) => i.field)).toContain(field);
    }
  });

  it('the { amount, email } form stays; GET /api/invoices filters by client and status with a cursor', async () => {
    const plain = await createInvoice(p, { amount: 12.5, email: 'walkin@example.com' });
    expect(plain.status).toBe(201);
    const all = await p.database.db.select({ id: invoices.id }).from(invoices);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await p.app.request(`/api/invoices?limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
        headers: admin(),
      });
      const page = (await res.json()) as { items: Invoice[]; nextCursor: string | null };
      seen.push(...page.items.map((i) => i.invoiceId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(all.map((r) => r.id).sort());
    const studio = (await (
      await p.app.request('/api/invoices?clientId=studio&status=open', { headers: admin() })
    ).json()) as {
      items: (Invoice & { clientId: string; status: string })[];
    };
    expect(studio.items.length).toBeGreaterThan(0);
    expect(studio.items.every((i) => i.clientId === 'studio' && i.status === 'open')).toBe(true);
    const one = await p.app.request(`/api/invoices/${plain.body.invoiceId}`, { headers: admin() });
    expect(await one.json()).toMatchObject({
      invoiceId: plain.body.invoiceId,
      amountCents: 1250,
      refunds: [],
    });
    expect((await p.app.request('/api/invoices/inv_nope', { headers: admin() })).status).toBe(404);
    expect((await p.app.request('/api/invoices?status=bogus', { headers: admin() })).status).toBe(400);
  });
});
