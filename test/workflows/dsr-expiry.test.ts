import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpFake, type SmtpFake } from '../fakes/smtp-fake';
import { CONFIRM_LINK, linkIn, openDsr, postAs, startDsrRun, stopDsrRun, type DsrRun } from '../support/dsr-harness';

const ip = '10.32.1.1';

describe('dsrWorkflow: an unconfirmed ticket expires after DSR_CONFIRM_TTL (real dev server)', () => {
  let smtp: SmtpFake;
  let r: DsrRun;
  beforeAll(async () => {
    smtp = await startSmtpFake();
    r = await startDsrRun(smtp, { DSR_CONFIRM_TTL: '2s' });
  });
  afterAll(async () => {
    await stopDsrRun(r);
    await smtp.close();
  });

  it('closes it as expired, does nothing, and refuses its link afterwards', async () => {
    const { p } = r;
    const ticketId = await openDsr(p, 'late@example.com', 'access', ip);
    const mail = await smtp.waitFor((m) => m.to.includes('late@example.com') && m.subject.includes(ticketId));
    const result = await p.client.workflow.getHandle(`dsr-${ticketId}`).result();
    expect(result).toMatchObject({ ticketId, status: 'expired' });
    const t = (await p.appDeps.dsr.tickets.get(ticketId))!;
    expect(t).toMatchObject({ status: 'expired', confirmedAt: null, closure: { outcome: 'expired' } });
    expect(t.closedAt!.getTime()).toBeGreaterThanOrEqual(t.createdAt.getTime() + 2000);
    expect(await p.appDeps.dsr.lookupDsrSubject(ticketId)).toBeUndefined();
    const link = linkIn(mail.text, CONFIRM_LINK);
    expect((await p.app.request(link, { method: 'POST' })).status).toBe(403);
    expect((await postAs(p, `/api/dsr/${ticketId}/approve`, {}, ip)).status).toBe(409);
  });
});
