import { createHash } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import { eq, like } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dsrProgress } from '../../domain/contracts/dsr-messages';
import { alertLog, auditLog } from '../../infra/db/schema';
import { startSmtpFake, type SmtpFake } from '../fakes/smtp-fake';
import { createClient } from '../support/clients';
import { insertFinished } from '../support/ledger-rows';
import { decodedHistory, collectStrings } from '../support/secret-scan';
import { CONFIRM_LINK, linkIn, openDsr, postAs, startDsrRun, stopDsrRun, type DsrRun } from '../support/dsr-harness';
import type { TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

const ip = '10.32.0.1';
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const post = (p: TestPlatform, url: string, body: unknown) => postAs(p, url, body, ip);

describe('dsrWorkflow: confirmation, SLA reminder and deadline, extension, decisions (real dev server)', () => {
  let smtp: SmtpFake;
  let r: DsrRun;
  beforeAll(async () => {
    smtp = await startSmtpFake();
    r = await startDsrRun(smtp, {
      DSR_SLA: '5s',
      DSR_SLA_REMINDER: '2s',
      DSR_MAX_EXTENSION: '20s',
      DSR_CONFIRM_TTL: '10m',
    });
  });
  afterAll(async () => {
    await stopDsrRun(r);
    await smtp.close();
  });

  it('confirms by the mailed link, reminds, alerts at the deadline, extends, then approves an access request into an export', async () => {
    const { p } = r;
    const db = p.database.db;
    const { clientId } = await createClient(p.app, { name: 'Ada Lovelace', email: 'ada@example.com' }, ip);
    await insertFinished(db, { status: 'done', qaScore: 91, clientId, completedAt: new Date(), latencyMs: 1000 });
    const ticketId = await openDsr(p, 'Ada@Example.com', 'access', ip);

    const confirmMail = await smtp.waitFor((m) => m.to.includes('ada@example.com') && m.subject.includes(ticketId));
    const confirmPath = linkIn(confirmMail.text, CONFIRM_LINK);
    expect((await p.app.request(confirmPath, { method: 'POST' })).status).toBe(200);
    const confirmed = await waitFor('confirmed', async () => {
      const t = await p.appDeps.dsr.tickets.get(ticketId);
      return t?.status === 'confirmed' && t;
    });
    expect(confirmed.slaDueAt!.getTime() - confirmed.confirmedAt!.getTime()).toBe(5000);

    const alerts = (prefix: string) =>
      db
        .select()
        .from(alertLog)
        .where(like(alertLog.key, `${prefix}:${ticketId}:%`));
    const reminder = await waitFor('reminder', async () => (await alerts('dsr-reminder'))[0]);
    expect(reminder.severity).toBe('warning');
    expect(reminder.createdAt.getTime()).toBeGreaterThanOrEqual(confirmed.confirmedAt!.getTime() + 2000);
    const firstDue = confirmed.slaDueAt!.toISOString();
    const deadline = await waitFor('deadline alert', async () => (await alerts('dsr-deadline'))[0]);
    expect(deadline).toMatchObject({ key: `dsr-deadline:${ticketId}:${firstDue}`, severity: 'critical' });
    expect(deadline.createdAt.getTime()).toBeGreaterThanOrEqual(confirmed.slaDueAt!.getTime());

    const ext = await post(p, `/api/dsr/${ticketId}/extend`, { extendBy: '8s', reason: 'many records to gather' });
    expect(ext.status).toBe(200);
    const extBody = (await ext.json()) as { slaDueAt: string; extendedByMs: number };
    expect(new Date(extBody.slaDueAt).getTime()).toBe(confirmed.slaDueAt!.getTime() + 8000);
    expect(extBody.extendedByMs).toBe(8000);
    const over = await post(p, `/api/dsr/${ticketId}/extend`, { extendBy: '13s', reason: 'still more' });
    expect(over.status).toBe(400);
    expect(
      ((await over.json()) as { error: { details: { issues: { field: string }[] } } }).error.details.issues,
    ).toEqual([expect.objectContaining({ field: 'extendBy' })]);
    const second = await waitFor('deadline alert after the extension', async () =>
      (await alerts('dsr-deadline')).find((a) => a.key.endsWith(extBody.slaDueAt)),
    );
    expect(second.createdAt.getTime()).toBeGreaterThanOrEqual(new Date(extBody.slaDueAt).getTime());
    expect(await alerts('dsr-reminder')).toHaveLength(1);

    const approve = await post(p, `/api/dsr/${ticketId}/approve`, {});
    expect(approve.status).toBe(202);
    expect(await approve.json()).toEqual({ ticketId, status: 'approved' });
    const closed = await waitFor('closed', async () => {
      const t = await p.appDeps.dsr.tickets.get(ticketId);
      return t?.status === 'closed' && t;
    });
    expect(closed.closure).toMatchObject({ outcome: 'fulfilled', result: { exportId: `exp_${ticketId.slice(4)}` } });
    expect(closed.extensions).toEqual([expect.objectContaining({ byMs: 8000, reason: 'many records to gather' })]);
    expect(closed.decision).toBe('approve');

    // The person gets the signed link; the zip's manifest holds for every file in it.
    const doneMail = await smtp.waitFor(
      (m) => m.to.includes('ada@example.com') && m.subject === `Your data request ${ticketId}`,
    );
    const download = await p.app.request(linkIn(doneMail.text, /https?:\/\/\S+\/dsr\/exports\/exp_[a-z0-9]+\?\S+/));
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/zip');
    const files = unzipSync(new Uint8Array(await download.arrayBuffer()));
    const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as {
      files: { name: string; bytes: number; sha256: string }[];
    };
    expect(Object.keys(files).sort()).toEqual([...manifest.files.map((f) => f.name), 'manifest.json'].sort());
    for (const f of manifest.files)
      expect({ name: f.name, bytes: f.bytes, sha256: f.sha256 }).toEqual({
        name: f.name,
        bytes: files[f.name]!.byteLength,
        sha256: sha256(files[f.name]!),
      });
    const data = JSON.parse(strFromU8(files['data.json']!)) as { tables: Record<string, Record<string, unknown>[]> };
    expect(data.tables.clients!.map((c) => c.id)).toEqual([clientId]);
    expect(data.tables.tasks).toHaveLength(1);
    expect(data.tables.dsr_tickets!.map((t) => t.id)).toEqual([ticketId]);
    expect(data.tables.emails_sent!.map((e) => e.kind)).toContain('dsr-confirmation');

    const progress = await p.client.workflow.getHandle(`dsr-${ticketId}`).query(dsrProgress);
    expect(progress).toMatchObject({ status: 'closed', reminderSent: true, deadlineAlerted: true });
    const audited = await db.select().from(auditLog).where(eq(auditLog.subject, ticketId));
    expect(audited.map((a) => [a.action, a.details.decision])).toEqual([
      ['dsr.decision', 'extend'],
      ['dsr.decision', 'approve'],
    ]);
  });

  it('keeps the email out of the workflow id, input, search attributes and history', async () => {
    const { p } = r;
    const email = 'hidden.person@example.org';
    const ticketId = await openDsr(p, email, 'export', '10.32.0.2');
    const mail = await smtp.waitFor((m) => m.to.includes(email) && m.subject.includes(ticketId));
    await p.app.request(linkIn(mail.text, CONFIRM_LINK), { method: 'POST' });
    await waitFor('confirmed', async () => (await p.appDeps.dsr.tickets.get(ticketId))?.status === 'confirmed');
    await post(p, `/api/dsr/${ticketId}/approve`, {});
    const handle = p.client.workflow.getHandle(`dsr-${ticketId}`);
    await handle.result();
    const d = await handle.describe();
    expect(d.workflowId).toBe(`dsr-${ticketId}`);
    const attrs = JSON.stringify(
      collectStrings({ sa: d.searchAttributes, typed: d.typedSearchAttributes, memo: d.memo }),
    );
    expect(attrs.toLowerCase()).not.toContain('hidden.person');
    const raw = await handle.fetchHistory();
    const history = decodedHistory(raw);
    expect(history).toContain(ticketId); // the decoding works: the input is readable
    expect(history.toLowerCase()).not.toContain('hidden.person');
    // The run (signal, update, timers, fulfilment) replays against the same code without a non-determinism error.
    await Worker.runReplayHistory({ workflowBundle: { code: inject('workflowBundleCode') } }, raw, `dsr-${ticketId}`);
  });

  it('rejects with the reason, closes the ticket and answers 409 to later actions', async () => {
    const { p } = r;
    const ticketId = await openDsr(p, 'bob@example.com', 'erasure', '10.32.0.3');
    const mail = await smtp.waitFor((m) => m.to.includes('bob@example.com') && m.subject.includes(ticketId));
    await p.app.request(linkIn(mail.text, CONFIRM_LINK), { method: 'POST' });
    await waitFor('confirmed', async () => (await p.appDeps.dsr.tickets.get(ticketId))?.status === 'confirmed');
    const rej = await post(p, `/api/dsr/${ticketId}/reject`, { reason: 'invoices must be kept 10 years' });
    expect(rej.status).toBe(202);
    const t = await waitFor('closed', async () => {
      const row = await p.appDeps.dsr.tickets.get(ticketId);
      return row?.closedAt && row;
    });
    expect(t).toMatchObject({ status: 'rejected', decisionReason: 'invoices must be kept 10 years' });
    const told = await smtp.waitFor(
      (m) => m.to.includes('bob@example.com') && m.subject === `Your data request ${ticketId}`,
    );
    expect(told.text).toContain('invoices must be kept 10 years');
    const later: [string, unknown][] = [
      ['approve', {}],
      ['reject', { reason: 'again' }],
      ['extend', { extendBy: '1s', reason: 'again' }],
    ];
    for (const [action, body] of later)
      expect((await post(p, `/api/dsr/${ticketId}/${action}`, body)).status, action).toBe(409);
  });
});
