import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs } from '../../infra/db/schema';
import { scheduleDefinitions } from '../../schedules/definitions';
import { startNotionFake, type NotionFake } from '../fakes/notion-fake';
import { startPaypalFake, type PaypalFake } from '../fakes/paypal-fake';
import { createClient } from '../support/clients';
import { admin, createInvoice, createPaymentPlatform, type PaymentPlatform } from '../support/payments';
import { testConfig } from '../support/test-config';

const PAYPAL = { clientId: 'pp-rec', clientSecret: 'pp-rec-secret', webhookId: 'WH-REC', validSignature: 'ok' };
const QUEUE = { Name: 'title', 'Task ID': 'rich_text', Payment: 'select' };
const CLIENTS = {
  Name: 'title',
  Email: 'email',
  'Client ID': 'rich_text',
  'Revenue (USD)': 'number',
  'Open Invoices': 'number',
  'Last Payment': 'date',
};

interface ScanBody {
  scanned: number;
  caught: { eventId: string; type: string; outcome: string }[];
  failed: unknown[];
  notion?: { invoices: number; taskRows: number; clientRows: number };
}

describe('PayPal reconciliation (lost capture webhook) and paid state written to Notion', () => {
  let paypal: PaypalFake;
  let notion: NotionFake;
  let p: PaymentPlatform;
  let queueDb: string, clientDb: string;
  beforeAll(async () => {
    [paypal, notion] = await Promise.all([startPaypalFake(PAYPAL), startNotionFake()]);
    queueDb = notion.createDatabase('Queue', QUEUE);
    clientDb = notion.createDatabase('Clients', CLIENTS);
    p = await createPaymentPlatform({
      PAYPAL_CLIENT_ID: PAYPAL.clientId,
      PAYPAL_CLIENT_SECRET: PAYPAL.clientSecret,
      PAYPAL_WEBHOOK_ID: PAYPAL.webhookId,
      PAYPAL_API_BASE_URL: paypal.url,
      NOTION_TOKEN: notion.token,
      NOTION_API_BASE_URL: notion.baseUrl,
      AUTOMATION_QUEUE_DB_ID: queueDb,
      CLIENT_DB_ID: clientDb,
    });
  });
  afterAll(async () => {
    await p.close();
    await Promise.all([paypal.close(), notion.close()]);
  });

  const scan = async () => {
    const res = await p.app.request('/payments/scan', { headers: admin() });
    expect(res.status).toBe(200);
    return (await res.json()) as ScanBody;
  };

  it('a capture whose webhook never came is caught by the scan; the late webhook changes nothing', async () => {
    await createClient(p.app, { clientId: 'owl', name: 'Owl', email: 'pay@owl.example', pricePerTaskUsd: 12 });
    const taskPage = notion.addRow(queueDb, { Name: 'Owl work', 'Task ID': 'owl-task-1' });
    await p.database.db.insert(jobs).values({
      taskId: 'owl-task-1',
      workflowId: 'task-owl-task-1',
      source: 'notion',
      notionPageId: taskPage,
      title: 'Owl work',
      prompt: 'p',
      clientId: 'owl',
      status: 'done',
      completedAt: new Date(),
    });
    await p.client.workflow.execute('notionClientSync', {
      workflowId: 'pp-rec-client-sync',
      taskQueue: p.taskQueue,
      args: [{ source: 'test' }],
    });
    const [clientRow] = notion.rows(clientDb).filter((r) => r['Client ID'] === 'owl');
    expect(clientRow).toMatchObject({ 'Open Invoices': 0, 'Revenue (USD)': 0 });

    const inv = await createInvoice(p, { clientId: 'owl', taskIds: ['owl-task-1'], provider: 'paypal' });
    expect(inv.status, JSON.stringify(inv.body)).toBe(201);
    const invoiceId = inv.body.invoiceId;
    const [order] = [...paypal.orders.values()].filter((o) => o.customId === invoiceId);
    paypal.approve(order!.id);
    const back = await p.app.request(`/payments/paypal/return?invoice=${invoiceId}&token=${order!.id}`);
    expect(back.status).toBe(200); // captured at PayPal…
    const captureId = paypal.orders.get(order!.id)!.capture!.id;
    expect(await p.appDeps.payments.ledger.byInvoice(invoiceId)).toBeUndefined(); // …but no webhook came

    const first = await scan();
    expect(first.caught).toEqual([
      { eventId: `paypal-capture:${captureId}`, type: 'PAYMENT.CAPTURE.COMPLETED', outcome: 'signalled' },
    ]);
    expect(first.failed).toEqual([]);
    expect(paypal.calls.some((c) => c.method === 'GET' && c.path === `/v2/checkout/orders/${order!.id}`)).toBe(true);
    expect(await p.client.workflow.getHandle(`invoice-${invoiceId}`).result()).toMatchObject({ status: 'paid' });
    expect(await p.appDeps.payments.ledger.byInvoice(invoiceId)).toMatchObject({
      provider: 'paypal',
      providerPaymentId: captureId,
      amountCents: 1200,
    });
    expect(await p.appDeps.payments.processed.get(`paypal-capture:${captureId}`)).toMatchObject({
      source: 'reconciliation',
      outcome: 'signalled',
    });

    // The paid state reaches the task's and client's rows in that run (when the invoice workflow was
    // quicker than the scan's last step) or the next, never twice.
    const second = await scan();
    expect(second.caught).toEqual([]);
    const written = [first.notion!, second.notion!];
    expect(written.reduce((n, w) => n + w.invoices, 0)).toBe(1);
    expect(written.reduce((n, w) => n + w.taskRows + w.clientRows, 0)).toBe(2);
    expect(notion.row(taskPage).Payment).toBe('Paid');
    expect(notion.row(clientRow!.id)).toMatchObject({ 'Revenue (USD)': 12, 'Open Invoices': 0 });
    expect(notion.row(clientRow!.id)['Last Payment']).toMatchObject({ start: expect.any(String) });
    expect((await scan()).notion).toEqual({ invoices: 0, taskRows: 0, clientRows: 0 });

    // PayPal's webhook finally arrives: same payment, nothing recorded or mailed twice.
    const late = await p.app.request('/webhook/paypal', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'paypal-auth-algo': 'SHA256withRSA',
        'paypal-cert-url': 'https://api.sandbox.paypal.com/v1/notifications/certs/CERT-1',
        'paypal-transmission-id': 'tx-rec',
        'paypal-transmission-sig': PAYPAL.validSignature,
        'paypal-transmission-time': new Date().toISOString(),
      },
      body: JSON.stringify({
        id: 'WH-REC-LATE',
        event_type: 'PAYMENT.CAPTURE.COMPLETED',
        create_time: new Date().toISOString(),
        resource: {
          id: captureId,
          status: 'COMPLETED',
          amount: { currency_code: 'USD', value: '12.00' },
          custom_id: invoiceId,
        },
      }),
    });
    expect(late.status).toBe(200);
    await p.client.workflow.getHandle(`invoice-${invoiceId}`).result();
    expect(
      (await p.appDeps.payments.audit.bySubject(`invoice:${invoiceId}`)).filter((e) => e.action === 'invoice.paid'),
    ).toHaveLength(1);
    expect(p.smtp.mails.filter((m) => m.subject.startsWith('Receipt') && m.subject.includes(invoiceId))).toHaveLength(
      1,
    );
  });

  it('is scheduled every 15 minutes for each configured provider', () => {
    const both = scheduleDefinitions(p.config).find((d) => d.id === 'payment-reconciliation');
    expect(both).toMatchObject({ args: [{ source: 'schedule', providers: ['stripe', 'paypal'] }] });
    const paypalOnly = testConfig({
      PAYPAL_CLIENT_ID: 'a',
      PAYPAL_CLIENT_SECRET: 'b',
      PAYPAL_WEBHOOK_ID: 'c',
    });
    expect(scheduleDefinitions(paypalOnly).find((d) => d.id === 'payment-reconciliation')).toMatchObject({
      spec: { intervals: [{ every: '15 minutes' }] },
      args: [{ source: 'schedule', providers: ['paypal'] }],
    });
  });
});
