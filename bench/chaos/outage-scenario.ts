import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CHAOS_HEADERS, countExtraRuns, prepareChaos, waitForTasks } from './chaos-platform';
import { checkLedger } from './ledger-check';
import { outageAlerts, type Outcome } from './outage-books';
import { startOutageWorld } from './outage-world';
import { descendants, running, startPlatform, waitUntilServing } from './platform-process';
import type { ScenarioResult } from './scenario-row';

export interface OutageOptions {
  tasks: number;
  invoices: number;
  /** How long each provider stays down. */
  windowMs: number;
  log?: (line: string) => void;
}

type Task = { taskId: string; workflowId: string };

/**
 * Scenario 3: provider outages against `npm start`. Window 1: the LLM answers 503 and the mail server is
 * down while tasks are submitted (tasks must wait, phase `waiting_for_provider`, none failed; the outage
 * alert is mailed once the mail server is back). Window 2, right as the LLM recovers: Notion answers 429
 * then 502 while the tasks publish, and Stripe answers 503 while invoices are created and the payment
 * scan runs. Afterwards: every task done once, one Job Log row each, every invoice open with its Checkout
 * link, one outage and one recovery alert.
 */
export async function runOutageScenario(o: OutageOptions): Promise<ScenarioResult> {
  const log = o.log ?? (() => undefined);
  const setup = await prepareChaos(200);
  const world = await startOutageWorld(setup.llm);
  const { api } = setup;
  const proc = startPlatform({ ...setup.env, ...world.env });
  const problems: string[] = [];
  const recoverMs: number[] = [];
  const call = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${api}${route}`, { method, headers: CHAOS_HEADERS, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  try {
    await waitUntilServing(api, proc);

    // Window 1: LLM 503 and SMTP down.
    world.down('llm');
    world.down('smtp');
    const callsBefore = setup.llm.calls.length;
    const tasks = await Promise.all(
      Array.from({ length: o.tasks }, async (_, n) => {
        const r = await call('POST', '/api/tasks', {
          title: `Outage ${n}`,
          prompt: `Note ${n}.`,
          idempotencyKey: `o-${n}`,
        });
        if (r.status !== 202) throw new Error(`submit ${n}: ${r.status} ${JSON.stringify(r.body)}`);
        return r.body as Task;
      }),
    );
    // The window counts from the first call the LLM turned away (a loaded worker may take a while to ask).
    const firstRefusal = Date.now();
    while (setup.llm.calls.length === callsBefore && Date.now() - firstRefusal < 120_000) await sleep(100);
    const windowEnd = Date.now() + o.windowMs;
    let smtpUp: number | undefined;
    let waiting = 0;
    while (Date.now() < windowEnd) {
      // The mail server comes back halfway, while the LLM is still down: the outage alert must follow.
      if (!smtpUp && Date.now() > windowEnd - o.windowMs / 2) {
        world.up('smtp');
        smtpUp = Date.now();
      }
      const views = await Promise.all(tasks.map((t) => call('GET', `/api/tasks/${t.taskId}`)));
      waiting = Math.max(waiting, views.filter((v) => v.body.phase === 'waiting_for_provider').length);
      for (const v of views)
        if (v.body.status === 'failed') problems.push(`${String(v.body.taskId)} failed during the LLM outage`);
      await sleep(500);
    }
    log(
      `LLM 503 for ${o.windowMs} ms (SMTP down for the first half): at most ${waiting}/${o.tasks} tasks shown waiting_for_provider`,
    );
    if (waiting === 0) problems.push('no task was shown as waiting_for_provider during the LLM outage');

    // Window 2 starts as the LLM comes back: Notion fails while the tasks publish, Stripe while invoicing.
    world.down('notion');
    world.down('stripe');
    world.up('llm');
    const llmUp = Date.now();
    const tasksDone = waitForTasks(
      api,
      tasks.map((t) => t.taskId),
      120_000 + o.tasks * 3_000,
    ).then((done) => ({ done, ms: Date.now() - llmUp }));
    const scan = call('GET', '/payments/scan');
    const invoices = Promise.all(
      Array.from({ length: o.invoices }, (_, n) =>
        call('POST', '/api/payments/create-invoice', {
          amount: 10 + n,
          email: `client${n}@chaos.example`,
          description: `Outage invoice ${n}`,
          idempotencyKey: `outage-inv-${n}`,
        }),
      ),
    );
    await sleep(o.windowMs);
    world.up('notion');
    world.up('stripe');
    const window2Up = Date.now();

    const created = await invoices;
    for (const r of created) {
      if (r.status !== 201 && r.status !== 202)
        problems.push(`create-invoice during the Stripe outage answered ${r.status}: ${JSON.stringify(r.body)}`);
    }
    const scanned = await scan;
    log(
      `payment scan during the Stripe outage answered ${scanned.status} ${JSON.stringify(scanned.body).slice(0, 200)}`,
    );
    if (scanned.status >= 500 && scanned.status !== 502 && scanned.status !== 503)
      problems.push(`payment scan answered ${scanned.status}`);
    const ids = created.map((r) => String(r.body.invoiceId));
    const open = await waitForInvoices(call, ids, 180_000);
    recoverMs.push(Date.now() - window2Up);
    log(`${open}/${ids.length} invoices open with a Checkout link, ${recoverMs.at(-1)} ms after Stripe came back`);

    const { done, ms } = await tasksDone;
    recoverMs.push(ms);
    log(`${done}/${o.tasks} tasks done, ${ms} ms after the LLM came back`);
    const rows = await world.jobLog.waitFor(
      tasks.map((t) => t.taskId),
      180_000,
    );
    recoverMs.push(Date.now() - window2Up);
    log(`${rows.size}/${o.tasks} tasks in the Notion Job Log, ${recoverMs.at(-1)} ms after Notion came back`);
    const mails = await world.smtp
      .waitFor((m) => m.subject.includes('LLM provider failing'), 60_000)
      .then(
        (m) => m.receivedAt - (smtpUp ?? llmUp),
        () => undefined,
      );
    if (mails !== undefined) recoverMs.push(mails);
    let duplicated = await countExtraRuns(
      setup.devPort,
      tasks.map((t) => t.workflowId),
      problems,
    );

    const tree = descendants(proc.child.pid!);
    proc.child.kill('SIGINT');
    if ((await proc.exited) !== 0) problems.push('the final stop did not exit cleanly');
    if (tree.some(running)) problems.push('processes left after the final stop');
    const pglite = path.join(setup.dataDir, 'pglite');
    const ledger = await checkLedger(
      pglite,
      tasks.map((t) => t.taskId),
    );
    problems.push(...ledger.problems);
    const outcome: Outcome = {
      tasks: o.tasks,
      jobLog: rows,
      invoicesOpen: open,
      invoices: ids.length,
      mails: world.smtp.mails,
    };
    const books = await outageAlerts(pglite, outcome);
    problems.push(...books.problems);
    duplicated += ledger.duplicated + books.duplicated;
    return {
      row: {
        scenario: 'outage: LLM 503, SMTP, Notion 429/502, Stripe 503',
        tasks: o.tasks + ids.length,
        faults: 4,
        finished: ledger.done + open,
        lost: o.tasks - ledger.done + (ids.length - open),
        duplicated,
        recoverMs,
      },
      problems,
    };
  } finally {
    if (proc.child.exitCode === null && proc.child.signalCode === null) {
      for (const pid of descendants(proc.child.pid!)) process.kill(pid, 'SIGKILL');
      proc.child.kill('SIGKILL');
      await proc.exited;
    }
    await world.close();
    await setup.close();
  }
}

type Call = (m: string, r: string) => Promise<{ status: number; body: Record<string, unknown> }>;

async function waitForInvoices(call: Call, ids: string[], timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let open = 0;
  while (Date.now() < deadline) {
    const views = await Promise.all(ids.map((id) => call('GET', `/api/payments/invoices/${id}`)));
    open = views.filter((v) => v.body.status === 'open' && typeof v.body.checkoutUrl === 'string').length;
    if (open === ids.length) break;
    await sleep(500);
  }
  return open;
}
