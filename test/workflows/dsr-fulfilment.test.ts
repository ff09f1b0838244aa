import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients } from '../../infra/db/schema';
import { startSmtpFake, type SmtpFake } from '../fakes/smtp-fake';
import { createClient } from '../support/clients';
import { CONFIRM_LINK, linkIn, openDsr, postAs, startDsrRun, stopDsrRun, type DsrRun } from '../support/dsr-harness';
import { insertFinished } from '../support/ledger-rows';
import type { TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

// The DSR workflow and the erasure/rectification activities together: the ticket repository finds the
// person, the activities act on the data, the ticket closes with their record.

async function confirmedTicket(p: TestPlatform, smtp: SmtpFake, email: string, type: string, ip: string) {
  const ticketId = await openDsr(p, email, type, ip);
  const mail = await smtp.waitFor((m) => m.to.includes(email) && m.subject.includes(ticketId));
  expect((await p.app.request(linkIn(mail.text, CONFIRM_LINK), { method: 'POST' })).status).toBe(200);
  await waitFor('confirmed', async () => (await p.appDeps.dsr.tickets.get(ticketId))?.status === 'confirmed');
  return ticketId;
}

const closedTicket = (p: TestPlatform, ticketId: string) =>
  waitFor('closed', async () => {
    const t = await p.appDeps.dsr.tickets.get(ticketId);
    return t?.closedAt && t;
  });

describe('dsrWorkflow fulfils erasure and rectification through the ticket repository (real dev server)', () => {
  let smtp: SmtpFake;
  let r: DsrRun;
  beforeAll(async () => {
    smtp = await startSmtpFake();
    r = await startDsrRun(smtp, { DSR_SLA: '10m', DSR_SLA_REMINDER: '5m', DSR_CONFIRM_TTL: '10m' });
  });
  afterAll(async () => {
    await stopDsrRun(r);
    await smtp.close();
  });

  it('an approved erasure removes the person from the client record and closes the ticket with the counts', async () => {
    const { p } = r;
    const db = p.database.db;
    const { clientId } = await createClient(p.app, { name: 'Grace Hopper', email: 'grace@example.com' }, '10.33.0.1');
    const other = await createClient(p.app, { name: 'Alan Turing', email: 'alan@example.com' }, '10.33.0.1');
    await insertFinished(db, { status: 'done', qaScore: 88, clientId, completedAt: new Date(), latencyMs: 900 });

    const ticketId = await confirmedTicket(p, smtp, 'grace@example.com', 'erasure', '10.33.0.2');
    expect((await postAs(p, `/api/dsr/${ticketId}/approve`, {}, '10.33.0.2')).status).toBe(202);
    const closed = await closedTicket(p, ticketId);
    expect(closed.closure).toMatchObject({ outcome: 'fulfilled' });
    const result = (closed.closure as { result: { erased: { place: string; count: number }[] } }).result;
    expect(result.erased.find((e) => e.place.includes('client'))?.count).toBeGreaterThanOrEqual(1);

    const [erased] = await db.select().from(clients).where(eq(clients.id, clientId));
    expect(erased).toMatchObject({ email: null, name: null });
    expect(erased!.erasedAt).toBeInstanceOf(Date);
    const [kept] = await db.select().from(clients).where(eq(clients.id, other.clientId));
    expect(kept).toMatchObject({ email: 'alan@example.com', name: 'Alan Turing', erasedAt: null });
  });

  it('an approved rectification corrects the name the person asked for', async () => {
    const { p } = r;
    const db = p.database.db;
    const { clientId } = await createClient(p.app, { name: 'Ada Byron', email: 'ada.b@example.com' }, '10.33.0.3');
    const ticketId = await confirmedTicket(p, smtp, 'ada.b@example.com', 'rectification', '10.33.0.4');
    const noChanges = await postAs(p, `/api/dsr/${ticketId}/approve`, {}, '10.33.0.4');
    expect(noChanges.status).toBe(400);
    const ok = await postAs(p, `/api/dsr/${ticketId}/approve`, { changes: { name: 'Ada Lovelace' } }, '10.33.0.4');
    expect(ok.status).toBe(202);
    const closed = await closedTicket(p, ticketId);
    expect(closed.closure).toMatchObject({ outcome: 'fulfilled' });
    const [row] = await db.select().from(clients).where(eq(clients.id, clientId));
    expect(row).toMatchObject({ name: 'Ada Lovelace', email: 'ada.b@example.com' });
  });
});
