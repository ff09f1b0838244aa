import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { invoiceWorkflowId } from '../../domain/payments';
import { executionsOf } from '../../test/support/workflow-runs';
import { CHAOS_HEADERS } from './chaos-platform';

interface Invoice {
  id: string;
}

async function withClient<T>(devPort: number, fn: (c: Client) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address: `127.0.0.1:${devPort}` });
  try {
    return await fn(new Client({ connection }));
  } finally {
    await connection.close();
  }
}

/** Ids of these invoices the API lists as paid (`GET /api/invoices?status=paid`, every page). */
async function paidIds(api: string): Promise<Set<string>> {
  const out = new Set<string>();
  let cursor: string | null = null;
  do {
    const q: string = `status=paid&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await fetch(`${api}/api/invoices?${q}`, { headers: CHAOS_HEADERS });
    const body = (await res.json()) as { items: { invoiceId?: string; id?: string }[]; nextCursor: string | null };
    for (const i of body.items) out.add(i.invoiceId ?? i.id ?? '');
    cursor = body.nextCursor;
  } while (cursor);
  return out;
}

/**
 * After the last delivery: reconciliation (`GET /payments/scan`, what the 15-minute schedule runs) until
 * every invoice is paid, then until every invoice workflow has closed. Time to settle runs from the
 * last delivery to that moment; revenue is what `/api/finance-metrics` then reports.
 */
export async function settleFlood(
  api: string,
  devPort: number,
  invoices: Invoice[],
  problems: string[],
  timeoutMs: number,
): Promise<{ settleMs: number; scans: number; revenueCents: number }> {
  const started = Date.now();
  let scans = 0;
  let settled = false;
  await withClient(devPort, async (client) => {
    while (Date.now() - started < timeoutMs) {
      const paid = await paidIds(api);
      const unpaid = invoices.filter((i) => !paid.has(i.id)).length;
      if (unpaid) {
        const res = await fetch(`${api}/payments/scan`, { headers: CHAOS_HEADERS });
        await res.arrayBuffer();
        scans++;
        continue;
      }
      const open = await Promise.all(
        invoices.map(async (i) => (await client.workflow.getHandle(invoiceWorkflowId(i.id)).describe()).status.name),
      );
      if (open.every((s) => s !== 'RUNNING')) {
        settled = true;
        return;
      }
      await sleep(500);
    }
  });
  const settleMs = Date.now() - started;
  if (!settled) problems.push(`not settled within ${timeoutMs} ms`);
  const res = await fetch(`${api}/api/finance-metrics`, { headers: CHAOS_HEADERS });
  const body = (await res.json()) as { totals: { revenueCents: number } };
  return { settleMs, scans, revenueCents: body.totals.revenueCents };
}

/** Every run of every invoice workflow must have completed; returns the most runs one invoice had. */
export async function invoiceRuns(
  devPort: number,
  invoices: Invoice[],
  problems: string[],
): Promise<{ maxRuns: number }> {
  return withClient(devPort, async (client) => {
    let maxRuns = 0;
    for (const i of invoices) {
      const runs = await executionsOf(client, invoiceWorkflowId(i.id));
      maxRuns = Math.max(maxRuns, runs.length);
      const bad = runs.filter((r) => r.status !== 'COMPLETED');
      if (bad.length) problems.push(`${i.id}: invoice runs not completed: ${bad.map((r) => r.status).join(', ')}`);
    }
    return { maxRuns };
  });
}
