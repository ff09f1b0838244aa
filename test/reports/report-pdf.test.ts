import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportKind } from '../../domain/reports';
import { createReferrals } from '../../infra/db/repositories/referrals';
import type { scheduledReport } from '../../workflows/scheduled-report';
import { createClient } from '../support/clients';
import { startOpenAiFake, type OpenAiFake } from '../fakes/openai-fake';
import { startSmtpFake, type SmtpFake } from '../fakes/smtp-fake';
import { readPdf } from '../support/pdf-read';
import { insertReportLedger } from '../support/report-ledger';
import { createTestWorker } from '../support/temporal';
import { adminHeaders } from '../support/test-config';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

const admin = adminHeaders('10.14.0.2');
const HEADLINE = 'Revenue: 150.00 USD · refunds 10.00 USD · LLM cost $0.105000 · margin $139.895000';

describe('executive report, CEO brief and weekly report: email with a chart PDF (real dev server)', () => {
  let p: TestPlatform;
  let smtp: SmtpFake;
  beforeAll(async () => {
    smtp = await startSmtpFake();
    p = await createTestPlatform({ SMTP_URL: smtp.url, ALERT_EMAIL_TO: 'ceo@example.com' });
    await insertReportLedger(p.database.db);
  });
  afterAll(async () => {
    await p.close();
    await smtp.close();
  });

  const run = async (plat: TestPlatform, kind: ReportKind) => {
    const { worker, connection } = await createTestWorker(plat.taskQueue, plat.activities);
    try {
      return await worker.runUntil(
        plat.client.workflow.execute<typeof scheduledReport>('scheduledReport', {
          taskQueue: plat.taskQueue,
          workflowId: `${kind}-${plat.taskQueue}`,
          args: [{ kind, periodHours: { 'weekly-report': 168, 'monthly-report': 720 }[kind as string] ?? 24 }],
        }),
      );
    } finally {
      await connection.close();
    }
  };

  it('emails the executive report once, text plus a PDF whose pages hold the headline numbers', async () => {
    const r = await run(p, 'executive-report');
    expect(r.mailed).toBe('sent');
    expect(r.text).toContain(HEADLINE);
    // The PDF mail carried the email: the alert went to the other channels only.
    expect(r.delivery?.outcomes.map((o) => o.channel)).toEqual(['telegram', 'webhook']);
    const mails = smtp.mails.filter((m) => m.subject.includes('Executive report'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(HEADLINE);
    const [att] = mails[0]!.attachments;
    expect(att).toMatchObject({ contentType: 'application/pdf' });
    const pdf = await readPdf(att!.content);
    expect(pdf.pages).toBe(2);
    const page1 = pdf.text[0]!.replace(/\s+/g, ' ');
    expect(page1).toContain('Revenue: 150.00 USD');
    expect(page1).toContain('margin $139.895000');
    expect(page1).toContain('Tasks by status: done 3, low QA 1, failed 1');
    expect(page1).toContain('QA average: 76.8 · distribution: 0-59 1, 60-69 0, 70-79 1, 80-89 1, 90-100 1');
    const page2 = pdf.text[1]!;
    for (const chart of [
      'Tasks finished per day',
      'QA score distribution',
      'Revenue vs LLM cost',
      'p95 latency per day',
    ])
      expect(page2).toContain(chart);
  });

  it('includes the facts in the daily report, which keeps its plain alert email', async () => {
    const r = await run(p, 'daily-report');
    expect(r.mailed).toBeUndefined();
    expect(r.text).toContain(HEADLINE);
    expect(r.text).toContain('Top clients: cli_a 2 tasks, cost $0.050000, revenue 100.00 USD');
    expect(r.delivery?.outcomes).toContainEqual({ channel: 'email', status: 'sent' });
  });

  it('covers seven days in the weekly report', async () => {
    const r = await run(p, 'weekly-report');
    expect(r.title).toMatch(/^Weekly report /);
    expect(r.text).toContain('Revenue: 159.99 USD');
    expect(r.text).toContain('Tasks by status: done 4, low QA 1, failed 1');
    expect(r.mailed).toBe('sent');
  });

  it('covers thirty days and the referrals in the monthly report, emailed with its PDF', async () => {
    const { clientId } = await createClient(p.app, { name: 'Referrer Ltd', email: 'ref@example.com' }, '10.14.0.3');
    await createReferrals(p.database.db).create(clientId, 10);
    const r = await run(p, 'monthly-report');
    expect(r.title).toMatch(/^Monthly report /);
    expect(r.text).toContain('Revenue: 159.99 USD');
    expect(r.text).toContain('Referrals: 1 codes, 0 referred clients, 0 first-invoice discounts');
    expect(r.mailed).toBe('sent');
    const mail = smtp.mails.find((m) => m.subject.includes('Monthly report'));
    expect(mail?.attachments[0]).toMatchObject({ contentType: 'application/pdf' });
  });

  it('without an LLM key the CEO brief is the facts alone', async () => {
    const r = await run(p, 'ceo-brief');
    expect(r.narrative).toBeNull();
    expect(r.text).toContain(HEADLINE);
    expect(r.text).not.toContain('Narrative');
  });

  it('GET /exec-report returns the latest executive report, JSON or PDF; bad format is a 400', async () => {
    const json = await p.app.request('/exec-report', { headers: admin });
    expect(json.status).toBe(200);
    const body = (await json.json()) as { kind: string; report: { text: string } };
    expect(body.kind).toBe('executive-report');
    expect(body.report.text).toContain(HEADLINE);
    const pdf = await p.app.request('/exec-report?format=pdf', { headers: admin });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect((await readPdf(new Uint8Array(await pdf.arrayBuffer()))).pages).toBe(2);
    const bad = await p.app.request('/exec-report?format=docx', { headers: admin });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('format');
    expect((await p.app.request('/exec-report')).status).toBe(401);
  });
});

describe('CEO brief with the OpenAI fake; reports generated on demand', () => {
  let p: TestPlatform;
  let llm: OpenAiFake;
  beforeAll(async () => {
    llm = await startOpenAiFake();
    p = await createTestPlatform({
      OPENAI_API_KEY: 'sk-test-brief',
      OPENAI_BASE_URL: llm.baseUrl,
      QA_MODEL: 'gpt-4o-mini',
    });
    await insertReportLedger(p.database.db);
  });
  afterAll(async () => {
    await p.close();
    await llm.close();
  });

  it('POST /api/exec/brief: narrative by QA_MODEL over the facts, naming the numbers it quoted', async () => {
    llm.generate.push({
      content: 'Revenue reached 150.00 USD while LLM cost stayed at $0.105000; 1 task failed.',
      usage: { prompt_tokens: 300, completion_tokens: 40 },
    });
    const { worker, connection } = await createTestWorker(p.taskQueue, p.activities);
    const [json, pdfRes, exec] = await worker.runUntil(async () => {
      const a = await p.app.request('/api/exec/brief', { method: 'POST', headers: admin });
      const b = await p.app.request('/api/exec/brief?format=pdf', { method: 'POST', headers: admin });
      // No executive report stored yet: one is generated now.
      const c = await p.app.request('/exec-report', { headers: admin });
      return [a, b, c];
    });
    await connection.close();
    expect(json.status).toBe(200);
    const body = (await json.json()) as {
      kind: string;
      report: { text: string; narrative: { model: string; factsUsed: string[] } };
    };
    expect(body.kind).toBe('ceo-brief');
    expect(body.report.narrative).toMatchObject({
      model: 'gpt-4o-mini',
      factsUsed: ['revenue', 'llm cost', 'tasks failed'],
    });
    expect(body.report.text).toContain('Numbers used: revenue, llm cost, tasks failed');
    const call = llm.calls.find((c) => c.kind === 'generate')!;
    expect(call.model).toBe('gpt-4o-mini');
    expect(JSON.stringify(call.messages)).toContain('revenue: 150.00 USD');

    expect(pdfRes.headers.get('content-type')).toBe('application/pdf');
    const pdf = await readPdf(new Uint8Array(await pdfRes.arrayBuffer()));
    expect(pdf.pages).toBe(2);
    expect(pdf.text[0]!.replace(/\s+/g, ' ')).toContain('Narrative (gpt-4o-mini)');

    expect(exec.status).toBe(200);
    expect(((await exec.json()) as { kind: string }).kind).toBe('executive-report');
  });
});
