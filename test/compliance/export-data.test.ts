import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoices, payments, refunds } from '../../infra/db/schema';
import { createClient } from '../support/clients';
import { insertCost, insertFinished } from '../support/ledger-rows';
import { adminHeaders } from '../support/test-config';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

interface ExportAnswer {
  exportId: string;
  manifest: {
    format: string;
    tables: { name: string; rows: number }[];
    files: { name: string; bytes: number; sha256: string }[];
  };
  bytes: number;
  downloadUrl: string;
  expiresAt: string;
}
const ip = '10.33.0.1';
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** GET /api/compliance/export-data over a database holding two clients' data (real app and database). */
describe('subject export: everything held about one person, zip with a SHA-256 manifest', () => {
  let p: TestPlatform;
  let dataDir: string;
  let ada: string;
  let other: string;
  let taskId: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'export-data-'));
    p = await createTestPlatform({
      SESSION_SECRET: 'export-data-session-secret-0123',
      DATA_DIR: dataDir,
      // Never reached (no worker runs here); POST /dsr needs a mail server configured.
      SMTP_URL: 'smtp://127.0.0.1:9',
    });
    const db = p.database.db;
    ada = (await createClient(p.app, { name: 'Ada', email: 'ada@example.com' }, ip)).clientId;
    other = (await createClient(p.app, { name: 'Eve', email: 'eve@example.com' }, ip)).clientId;
    const task = await insertFinished(db, {
      status: 'done',
      clientId: ada,
      completedAt: new Date(),
      prompt: '=HYPERLINK("x") summarise, "quoted"\nnext line',
      result: 'Ada result text',
    });
    taskId = task.taskId;
    await insertCost(db, taskId, new Date(), 1234);
    await insertFinished(db, { status: 'done', clientId: other, completedAt: new Date(), prompt: 'Eve prompt' });
    const expiresAt = new Date(Date.now() + 86_400_000);
    await db.insert(invoices).values([
      {
        id: 'inv_ada1',
        clientId: ada,
        email: 'ada@example.com',
        amountCents: 5000,
        currency: 'usd',
        workflowId: 'invoice-inv_ada1',
        expiresAt,
        issuedEmailSentAt: new Date(),
      },
      {
        id: 'inv_eve1',
        clientId: other,
        email: 'eve@example.com',
        amountCents: 700,
        currency: 'usd',
        workflowId: 'invoice-inv_eve1',
        expiresAt,
      },
    ]);
    await db.insert(payments).values({
      id: 'pay_ada1',
      invoiceId: 'inv_ada1',
      clientId: ada,
      provider: 'stripe',
      amountCents: 5000,
      currency: 'usd',
      eventId: 'evt_1',
    });
    await db.insert(refunds).values({
      id: 'rf_ada1',
      paymentId: 'pay_ada1',
      invoiceId: 'inv_ada1',
      clientId: ada,
      amountCents: 1000,
      currency: 'usd',
      status: 'succeeded',
      source: 'api',
      emailedAt: new Date(),
    });
    await p.appDeps.delivery.unsubscribes.record('Ada@Example.com', 'api');
    await p.appDeps.delivery.unsubscribes.record('eve@example.com', 'api');
    await p.appDeps.payments.audit.append({
      actor: 'system:payments',
      action: 'invoice.paid',
      subject: 'inv_ada1',
      details: {},
      dedupeKey: 'ada-paid',
    });
    await p.appDeps.payments.audit.append({
      actor: 'system:payments',
      action: 'invoice.paid',
      subject: 'inv_eve1',
      details: {},
      dedupeKey: 'eve-paid',
    });
  });
  afterAll(async () => {
    await p.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function exportOf(query: string): Promise<{ answer: ExportAnswer; files: Record<string, Uint8Array> }> {
    const res = await p.app.request(`/api/compliance/export-data?${query}`, { headers: adminHeaders(ip) });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as ExportAnswer;
    const u = new URL(answer.downloadUrl);
    const zip = await p.app.request(u.pathname + u.search);
    expect(zip.status).toBe(200);
    return { answer, files: unzipSync(new Uint8Array(await zip.arrayBuffer())) };
  }

  it('exports client, tasks with attempts, invoices, payments, refunds, mail, unsubscribes and audit entries of that person only', async () => {
    const { answer, files } = await exportOf(`clientId=${ada}`);
    const data = JSON.parse(strFromU8(files['data.json']!)) as { tables: Record<string, Record<string, unknown>[]> };
    const t = data.tables;
    expect(t.clients!.map((c) => c.id)).toEqual([ada]);
    expect(t.tasks!.map((x) => [x.taskId, x.result])).toEqual([[taskId, 'Ada result text']]);
    expect(t.task_attempts!.map((a) => a.taskId)).toEqual([taskId]);
    expect(t.invoices!.map((i) => i.id)).toEqual(['inv_ada1']);
    expect(t.payments!.map((i) => i.id)).toEqual(['pay_ada1']);
    expect(t.refunds!.map((i) => i.id)).toEqual(['rf_ada1']);
    expect(t.emails_sent!.map((e) => e.kind).sort()).toEqual(['invoice-issued', 'refund-notice']);
    expect(t.unsubscribes!.map((u) => u.email)).toEqual(['ada@example.com']);
    expect(t.audit_entries!.map((a) => a.subject)).toContain('inv_ada1');
    for (const theirs of ['eve@example.com', 'inv_eve1', 'Eve prompt', 'eve-paid', other])
      expect(JSON.stringify(data)).not.toContain(theirs);
    expect(answer.manifest.tables).toContainEqual({ name: 'tasks', rows: 1 });
    // The CSV keeps the prompt whole (quotes, newline) and defuses the formula.
    const csv = strFromU8(files['csv/tasks.csv']!);
    expect(csv.split('\r\n')[0]).toMatch(/^taskId,workflowId,/);
    expect(csv).toContain(`"'=HYPERLINK(""x"") summarise, ""quoted""\nnext line"`);
  });

  it('lists every file of the zip in the manifest with hashes and sizes recomputed from the files, on disk too', async () => {
    const { answer, files } = await exportOf('email=ADA@example.com');
    const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as ExportAnswer['manifest'];
    expect(manifest).toEqual(answer.manifest);
    expect(Object.keys(files).sort()).toEqual([...manifest.files.map((f) => f.name), 'manifest.json'].sort());
    expect(manifest.files.map((f) => f.name)).toEqual(
      expect.arrayContaining(['data.json', 'csv/clients.csv', 'csv/dsr_tickets.csv']),
    );
    for (const f of manifest.files) {
      expect(f.sha256, f.name).toBe(sha256(files[f.name]!));
      expect(f.bytes, f.name).toBe(files[f.name]!.byteLength);
    }
    const folder = path.join(dataDir, 'exports', answer.exportId);
    const onDisk = unzipSync(new Uint8Array(readFileSync(path.join(folder, 'export.zip'))));
    for (const f of manifest.files) expect(sha256(onDisk[f.name]!)).toBe(f.sha256);
    expect(JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8'))).toEqual(manifest);
    expect(new Date(answer.expiresAt).getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
  });

  it('still exports a person known only by a DSR ticket', async () => {
    const opened = await p.app.request('/dsr', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Forwarded-For': '10.33.0.9' },
      body: JSON.stringify({ email: 'only.ticket@example.net', type: 'access', details: 'what do you hold?' }),
    });
    const { ticketId } = (await opened.json()) as { ticketId: string };
    const { files } = await exportOf('email=only.ticket@example.net');
    const data = JSON.parse(strFromU8(files['data.json']!)) as { tables: Record<string, Record<string, unknown>[]> };
    expect(data.tables.clients).toEqual([]);
    expect(data.tables.dsr_tickets!.map((x) => [x.id, x.details])).toEqual([[ticketId, 'what do you hold?']]);
    expect(strFromU8(files['csv/clients.csv']!)).toMatch(/^id,email,name,/);
  });

  it('refuses a download link that was altered or names another export', async () => {
    const { answer } = await exportOf(`clientId=${ada}`);
    const u = new URL(answer.downloadUrl);
    const sig = u.searchParams.get('sig')!;
    u.searchParams.set('sig', `${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`);
    expect((await p.app.request(u.pathname + u.search)).status).toBe(403);
    const other = new URL(answer.downloadUrl);
    expect((await p.app.request(`/dsr/exports/exp_${'9'.repeat(24)}${other.search}`)).status).toBe(403);
  });
});
