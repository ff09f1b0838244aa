import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  admin,
  createInvoice,
  createPaymentPlatform,
  deliver,
  stripeEvents,
  type PaymentPlatform,
} from '../support/payments';

const SITE = 'https://echopilot.example';
const ONE_CLICK = /^<(https:\/\/echopilot\.example\/api\/customer\/unsubscribe\/one-click\?t=[A-Za-z0-9._-]+)>$/;

describe('unsubscribe: public API, RFC 8058 one-click, and no optional mail afterwards (SMTP fake)', () => {
  let p: PaymentPlatform;
  beforeAll(async () => {
    p = await createPaymentPlatform({
      INVOICE_EXPIRY_SECONDS: '4',
      INVOICE_REMINDER_BEFORE_SECONDS: '2',
      SESSION_SECRET: 'unsubscribe-test-secret-0123',
      PUBLIC_URL: SITE,
    });
  });
  afterAll(async () => p.close());

  const unsubscribe = (email: unknown, ip: string) =>
    p.app.request('/api/customer/unsubscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
      body: JSON.stringify({ email }),
    });
  const mailsFor = (invoiceId: string, kind: string) =>
    p.smtp.mails.filter((m) => m.subject.startsWith(kind) && m.subject.includes(invoiceId));
  /** An invoice left to run to its expiry (4 s; the reminder would go out after 2 s). */
  async function expiredInvoice(email: string) {
    const inv = await createInvoice(p, { amount: 2, email });
    expect(await p.client.workflow.getHandle(`invoice-${inv.body.invoiceId}`).result()).toMatchObject({
      status: 'expired',
    });
    return inv.body.invoiceId;
  }

  it('one-click: the reminder carries List-Unsubscribe; one POST unsubscribes; the next invoice sends no reminder', async () => {
    const email = 'one-click@example.com';
    const first = await expiredInvoice(email);
    const [reminder] = mailsFor(first, 'Reminder');
    expect(reminder!.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const url = ONE_CLICK.exec(reminder!.headers['list-unsubscribe']!)![1]!;
    const u = new URL(url);

    // A GET (a link scanner, a preview) only shows the button.
    const look = await p.app.request(`${u.pathname}${u.search}`, { headers: { 'x-forwarded-for': '10.31.0.1' } });
    expect(look.status).toBe(200);
    expect(await p.appDeps.delivery.unsubscribes.isUnsubscribed(email)).toBe(false);
    // A token altered by one character unsubscribes nobody.
    const forged = u.search.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A'));
    const bad = await p.app.request(`${u.pathname}${forged}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '10.31.0.1' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(bad.status).toBe(403);
    expect(await p.appDeps.delivery.unsubscribes.isUnsubscribed(email)).toBe(false);

    const res = await p.app.request(`${u.pathname}${u.search}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '10.31.0.1' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    expect(await p.appDeps.delivery.unsubscribes.isUnsubscribed(email)).toBe(true);

    const second = await expiredInvoice(email);
    expect(mailsFor(second, 'Reminder')).toHaveLength(0);
    expect(mailsFor(first, 'Reminder')).toHaveLength(1);
  });

  it('API: the same 200 for known and unknown addresses; no reminder afterwards; the receipt is still sent', async () => {
    const email = 'api-unsub@example.com';
    const known = await unsubscribe(email, '10.32.0.1');
    const unknown = await unsubscribe('nobody-ever@example.com', '10.32.0.1');
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(await known.text()).toBe(await unknown.text());

    const noReminder = await expiredInvoice(email);
    expect(mailsFor(noReminder, 'Reminder')).toHaveLength(0);

    const paid = await createInvoice(p, { amount: 3, email });
    await deliver(p, stripeEvents.checkoutCompleted(paid.body.invoiceId, 300));
    const receipt = await p.smtp.waitFor(
      (m) => m.subject.startsWith('Receipt') && m.subject.includes(paid.body.invoiceId),
    );
    expect(receipt.to).toEqual([email]);
    expect(receipt.headers['list-unsubscribe']).toMatch(ONE_CLICK);
  });

  it('bad input → 400 naming email; per-IP rate limit → 429 with Retry-After, other IPs unaffected', async () => {
    const bad = await unsubscribe('not-an-address', '10.33.0.1');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('email');
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await unsubscribe(`flood${i}@example.com`, '10.33.0.2')).status);
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    const limited = await unsubscribe('flood-x@example.com', '10.33.0.2');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await unsubscribe('elsewhere@example.com', '10.33.0.3')).status).toBe(200);
  });

  it('the operator sees every unsubscribe with time and source (admin only)', async () => {
    const res = await p.app.request('/api/customer/unsubscribes?limit=500', { headers: admin('10.34.0.1') });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { email: string; source: string; unsubscribedAt: string }[] };
    const mine = body.items.filter((i) => ['one-click@example.com', 'api-unsub@example.com'].includes(i.email));
    expect(mine.map((i) => [i.email, i.source]).sort()).toEqual([
      ['api-unsub@example.com', 'api'],
      ['one-click@example.com', 'one-click'],
    ]);
    for (const i of mine) expect(Date.now() - new Date(i.unsubscribedAt).getTime()).toBeLessThan(120_000);
    expect((await p.app.request('/api/customer/unsubscribes')).status).toBe(401);
  });
});
