import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DSR_SUBJECT_NOT_FOUND } from '../../domain/dsr-fulfilment-rules';
import type { ErasureOutcome } from '../../domain/contracts/dsr-fulfilment';
import { auditLog } from '../../infra/db/schema';
import { createClient } from '../support/clients';
import { historyThroughCodec } from '../support/codec-history';
import { startErasureWorld, type ErasureWorld } from '../support/erasure-world';
import { createInvoice, deliver, stripeEvents } from '../support/payments';
import { collectStrings, countHits, dumpTables } from '../support/secret-scan';
import { testClient } from '../support/temporal';

const run = randomUUID().slice(0, 8);
const EMAIL = `maria.keller.${run}@example.org`;
const NAME = `Maria Keller ${run}`;
const OTHER_EMAIL = `tom.other.${run}@example.org`;
const TICKET = `dsr_${run}`;
const count = (o: ErasureOutcome, place: string) => o.erased.find((e) => e.place === place)?.count;

describe('erasure (Art. 17) across database, Notion, Stripe, mail records and Temporal histories', () => {
  let w: ErasureWorld;
  let plain: Awaited<ReturnType<typeof testClient>>;
  let clientId: string, otherId: string, invoiceId: string, openInvoiceId: string;
  let queuePage: string, otherPage: string, clientRow: string, otherRow: string;
  let restTask: string, otherTask: string;
  let first: ErasureOutcome;
  let deletesBefore: number;

  beforeAll(async () => {
    w = await startErasureWorld();
    plain = await testClient(); // no codec: the histories as the server stores them
    const { h, notion } = w;
    clientId = (await createClient(h.p.app, { name: NAME, email: EMAIL })).clientId;
    otherId = (await createClient(h.p.app, { name: 'Tom Other', email: OTHER_EMAIL })).clientId;
    clientRow = notion.addRow(w.db.clients, { Name: NAME, Email: EMAIL, 'Client ID': clientId });
    otherRow = notion.addRow(w.db.clients, { Name: 'Tom Other', Email: OTHER_EMAIL, 'Client ID': otherId });
    // Work from Notion (queue page, Job Log, Automation Log) and from the API, for both clients.
    queuePage = notion.addRow(w.db.queue, {
      Name: `Letter for ${NAME}`,
      Prompt: `Write to ${NAME} <${EMAIL}> about her flat`,
      Trigger: true,
      Client: clientId,
    });
    otherPage = notion.addRow(w.db.queue, { Name: 'Tom note', Prompt: 'Write to Tom', Trigger: true, Client: otherId });
    await w.intake(`intake-erasure-${run}`);
    restTask = (await h.submit({ title: `Bio of ${NAME}`, prompt: `Summarise ${EMAIL}'s CV`, clientId })).taskId;
    otherTask = (await h.submit({ title: 'Tom CV', prompt: 'Summarise Tom', clientId: otherId })).taskId;
    await Promise.all([h.handle(restTask).result(), h.handle(otherTask).result()]);
    // An invoice paid through Stripe (customer at stripe-mock, receipt mailed) and an unsubscribe.
    const inv = await createInvoice(h.p, { amount: '20', clientId, description: 'Letters' });
    expect(inv.status, JSON.stringify(inv.body)).toBe(201);
    invoiceId = inv.body.invoiceId;
    expect((await deliver(h.p, stripeEvents.checkoutCompleted(invoiceId, 2000))).status).toBe(200);
    await h.p.client.workflow.getHandle(`invoice-${invoiceId}`).result();
    await w.smtp.waitFor((m) => m.to.includes(EMAIL) && m.subject.startsWith('Receipt'));
    // A second invoice, still open: its workflow waits for the payment when the erasure comes.
    const open = await createInvoice(h.p, { amount: '7', clientId });
    expect(open.status, JSON.stringify(open.body)).toBe(201);
    openInvoiceId = open.body.invoiceId;
    const unsub = await h.p.app.request('/api/customer/unsubscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Forwarded-For': '10.8.0.1' },
      body: JSON.stringify({ email: EMAIL }),
    });
    expect(unsub.status).toBe(200);
    expect((await h.p.appDeps.payments.clients.get(clientId))!.stripeCustomerId).toMatch(/^cus_/);

    w.subjects.set(TICKET, EMAIL);
    deletesBefore = w.stripeFront.callsTo('DELETE', '/v1/customers/').length;
    first = await w.activities.eraseSubjectData({ ticketId: TICKET });
  });
  afterAll(async () => {
    await plain?.connection.close();
    await w?.close();
  });

  it('reports counts per place, what it kept until when, and the destroyed key', () => {
    expect(first.erased).toEqual(
      expect.arrayContaining([
        { place: 'clients', count: 1 },
        { place: 'tasks', count: 2 },
        { place: 'unsubscribes', count: 1 },
        { place: 'notion queue pages', count: 1 },
        { place: 'notion job log rows', count: 2 }, // every finished task gets a Job Log row
        { place: 'notion client rows', count: 1 },
        { place: 'stripe customers', count: 1 },
      ]),
    );
    expect(count(first, 'task attempts')).toBeGreaterThanOrEqual(4);
    expect(count(first, 'notion automation log rows')).toBeGreaterThanOrEqual(3);
    const until = new Date(first.retained[0]!.until);
    expect(until.getUTCFullYear()).toBe(new Date().getUTCFullYear() + 10);
    expect(first.retained).toEqual([
      { place: 'invoices', count: 2, until: until.toISOString() },
      { place: 'payments', count: 1, until: until.toISOString() },
      { place: 'refunds', count: 0, until: until.toISOString() },
    ]);
    expect(first.keysDestroyed).toBe(1);
    expect(JSON.stringify(first)).not.toContain(EMAIL);
  });

  it("leaves the person's email, name and prompts in no database table, and the other client's data as it was", async () => {
    const tables = await dumpTables((q) => w.h.p.database.db.execute(sql.raw(q)));
    const text = Object.fromEntries(tables.map((t) => [t.table, t.json]));
    const marks: [string, string][] = [
      ['email', EMAIL],
      ['name', NAME],
      ['prompt', 'about her flat'],
      ['prompt', "'s CV"],
      ['title', 'Letter for'],
    ];
    expect(countHits(text, marks)).toEqual([]);
    expect(countHits(text, [['other email', OTHER_EMAIL]]).length).toBeGreaterThan(0);
    expect((await w.h.p.appDeps.tasks.get(otherTask))!.prompt).toBe('Summarise Tom');
    expect(await w.h.p.appDeps.payments.clients.get(clientId)).toMatchObject({
      email: null,
      name: null,
      stripeCustomerId: null,
      erasedAt: expect.any(Date),
    });
  });

  it('keeps the invoice and payment with the identity replaced and processing restricted (no more mail)', async () => {
    const pay = w.h.p.appDeps.payments;
    const inv = (await pay.invoices.get(invoiceId))!;
    expect(inv).toMatchObject({ status: 'paid', amountCents: 2000, email: `erased-${clientId}@erased.invalid` });
    expect(inv.processingRestrictedAt).toBeInstanceOf(Date);
    expect(inv.retainUntil!.toISOString()).toBe(first.retained[0]!.until);
    expect(await pay.ledger.byInvoice(invoiceId)).toMatchObject({ amountCents: 2000 });
    // The reminder flag was never claimed for this paid invoice; restricted, no mail path may claim it now.
    expect(await pay.invoices.claimEmail(invoiceId, 'reminder')).toBe(false);
    expect(await w.h.p.activities.sendInvoiceReceipt(invoiceId)).toBe('skipped');
  });

  it('ends the workflows still running for the person and leaves their unpaid invoice uncollectable', async () => {
    const d = await w.h.p.client.workflow.getHandle(`invoice-${openInvoiceId}`).describe();
    expect(d.status.name).toBe('TERMINATED');
    const inv = (await w.h.p.appDeps.payments.invoices.get(openInvoiceId))!;
    expect(inv).toMatchObject({ status: 'expired', email: `erased-${clientId}@erased.invalid` });
    expect(inv.processingRestrictedAt).toBeInstanceOf(Date);
  });

  it('clears and trashes the Notion pages written for the person; the other client keeps theirs', () => {
    const { notion } = w;
    expect(notion.trashed(queuePage)).toBe(true);
    expect(notion.row(queuePage)).toMatchObject({ Name: 'Erased', Prompt: '', Result: '', Client: '' });
    expect(notion.blocks(queuePage)).toEqual([]);
    expect(notion.trashed(clientRow)).toBe(true);
    expect(notion.row(clientRow)).toMatchObject({ Name: 'Erased', Email: null });
    for (const db of [w.db.jobLog, w.db.automationLog]) {
      const rows = notion.rows(db);
      const erased = rows.filter((r) => notion.trashed(r.id));
      expect(erased.length).toBeGreaterThan(0);
      for (const r of erased) expect(JSON.stringify(r)).not.toContain(NAME);
      expect(rows.some((r) => !notion.trashed(r.id))).toBe(true); // the other client's rows
    }
    expect(notion.trashed(otherPage)).toBe(false);
    expect(notion.row(otherPage).Prompt).toBe('Write to Tom');
    expect(notion.trashed(otherRow)).toBe(false);
  });

  it('deletes the Stripe customer at Stripe', () => {
    const deletes = w.stripeFront.callsTo('DELETE', '/v1/customers/');
    expect(deletes.length - deletesBefore).toBe(1);
    expect(deletes.at(-1)!.path).toMatch(/^\/v1\/customers\/cus_/);
  });

  it("makes the person's workflow histories undecodable while the other client's still decode", async () => {
    const codec = w.h.p.encryption!.codec;
    const raw = (id: string) => plain.workflow.getHandle(id).fetchHistory();
    for (const id of [`task-${restTask}`, `invoice-${invoiceId}`])
      await expect(historyThroughCodec(await raw(id), codec)).rejects.toThrow(/destroyed .*crypto-shredded/);
    expect(await historyThroughCodec(await raw(`task-${otherTask}`), codec)).toContain('Summarise Tom');
  });

  it('keeps personal data out of the invoice run: workflow id, search attributes and memo', async () => {
    const d = await plain.workflow.getHandle(`invoice-${invoiceId}`).describe();
    const visible = JSON.stringify([
      d.workflowId,
      collectStrings(d.raw.workflowExecutionInfo?.memo ?? {}),
      collectStrings(d.raw.workflowExecutionInfo?.searchAttributes ?? {}),
    ]);
    for (const mark of [EMAIL, NAME, 'Letters']) expect(visible).not.toContain(mark);
  });

  it('is idempotent: a second run answers the same outcome and touches nothing more', async () => {
    const again = await w.activities.eraseSubjectData({ ticketId: TICKET });
    expect(again).toEqual(first);
    expect(w.stripeFront.callsTo('DELETE', '/v1/customers/').length - deletesBefore).toBe(1);
    const entries = await w.h.p.database.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.action} = 'dsr.erasure'`);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: 'system:dsr', subject: TICKET });
    expect(JSON.stringify(entries[0])).not.toContain(EMAIL);
    expect(await w.h.p.appDeps.payments.audit.verify()).toBeUndefined();
  });

  it('fails non-retryably, naming the ticket, when the ticket has no person behind it', async () => {
    const err = await w.activities.eraseSubjectData({ ticketId: 'dsr_unknown' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ type: DSR_SUBJECT_NOT_FOUND, nonRetryable: true });
    expect((err as Error).message).toContain('dsr_unknown');
  });

  it('still finds nothing to erase for a ticket whose person has no data (zero counts, no failure)', async () => {
    w.subjects.set(`dsr_nobody_${run}`, `nobody.${run}@example.org`);
    const out = await w.activities.eraseSubjectData({ ticketId: `dsr_nobody_${run}` });
    expect(out.erased.every((e) => e.count === 0)).toBe(true);
    expect(out.keysDestroyed).toBe(0);
  });
});
