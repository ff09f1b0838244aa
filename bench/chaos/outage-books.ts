import type { ReceivedMail } from '../../test/fakes/smtp-fake';
import { openDatabase } from '../../infra/db/open-database';
import { createAlertStore } from '../../infra/db/repositories/alert-store';
import { jobLogBooks } from './job-log';

/** What the outage scenario saw from outside: Notion Job Log rows per `<taskId>#0`, invoices, mails. */
export interface Outcome {
  tasks: number;
  jobLog: Map<string, number>;
  invoices: number;
  invoicesOpen: number;
  mails: ReceivedMail[];
}

/**
 * The outage's books beyond the ledger: one Job Log row per task (none missing, none twice), every invoice
 * open, and the LLM outage announced exactly once and its end exactly once, both in the platform's alert
 * log and in the operator's mailbox (the mail server was down when the outage alert fell due).
 */
export async function outageAlerts(pgliteDir: string, o: Outcome): Promise<{ duplicated: number; problems: string[] }> {
  const { problems, duplicated: jobLogExtra } = jobLogBooks(o.jobLog, o.tasks);
  let duplicated = jobLogExtra;
  if (o.invoicesOpen < o.invoices) problems.push(`${o.invoices - o.invoicesOpen} invoices never got a Checkout link`);

  const database = await openDatabase({ kind: 'pglite', dir: pgliteDir });
  try {
    const keys = (await createAlertStore(database.db).recent(500)).map((a) => a.key);
    for (const prefix of ['llm-provider-down:', 'llm-provider-recovered:']) {
      const n = new Set(keys.filter((k) => k.startsWith(prefix))).size;
      if (n !== 1) problems.push(`${n} distinct ${prefix} alerts (want 1)`);
      duplicated += Math.max(0, n - 1);
    }
  } finally {
    await database.close();
  }
  for (const subject of ['LLM provider failing', 'LLM provider recovered']) {
    const n = o.mails.filter((m) => m.subject.includes(subject)).length;
    if (n !== 1) problems.push(`${n} "${subject}" mails (want 1)`);
    duplicated += Math.max(0, n - 1);
  }
  return { duplicated, problems };
}
