import { formatCents } from '../domain/money';
import { invoiceLines, linesTotal, type InvoiceLine } from '../domain/invoice-lines';
import type { ClientRow } from '../infra/db/repositories/clients';
import type { PaymentServices } from '../infra/payments/payment-services';
import { ApiError, fieldError } from './errors';
import type { InvoiceBody } from './invoice-body';

export interface ResolvedInvoice {
  client: ClientRow;
  email: string;
  amountCents: number;
  lines: InvoiceLine[];
  taskIds: string[];
}

const invalid = (field: string, message: string) => fieldError('body', field, message);
/** A task already on a live invoice: never billed twice. */
export const alreadyInvoiced = (field: string) =>
  new ApiError(409, 'already_invoiced', `${field} is already on an open or paid invoice`, { field });

async function resolveClient(p: PaymentServices, b: InvoiceBody): Promise<ClientRow> {
  if (b.clientId) {
    const client = await p.clients.get(b.clientId);
    if (!client) throw invalid('clientId', 'no such client (create it with POST /api/clients)');
    return client;
  }
  const rate = Math.round(p.config.pricing.defaultRateUsdPerMin * 100);
  return p.clients.getOrCreate({ email: b.email!, name: b.name, rateCentsPerMin: rate });
}

/** The tasks named by `taskIds`: each must exist, belong to the client (when one is named), be finished. */
async function namedTasks(p: PaymentServices, taskIds: string[], clientId?: string) {
  const rows = new Map((await p.invoiceWork.tasks(taskIds)).map((t) => [t.taskId, t]));
  taskIds.forEach((id, i) => {
    const t = rows.get(id);
    if (!t) throw invalid(`taskIds[${i}]`, 'no such task');
    if (clientId && t.clientId !== clientId) throw invalid(`taskIds[${i}]`, 'belongs to another client');
  });
  const invoiced = new Set(await p.invoiceWork.alreadyInvoiced(taskIds));
  const dup = taskIds.findIndex((id) => invoiced.has(id));
  if (dup >= 0) throw alreadyInvoiced(`taskIds[${dup}]`);
  return taskIds.map((id) => rows.get(id)!);
}

/** Who is billed, how much, for which tasks: the given amount, or the client's rates applied to its work. */
export async function resolveInvoice(p: PaymentServices, b: InvoiceBody): Promise<ResolvedInvoice> {
  const client = await resolveClient(p, b);
  const email = b.email ?? client.email;
  if (!email) throw invalid('email', 'is required: the client has no email address on record');
  const taskIds = [...new Set(b.taskIds ?? [])];

  if (b.amount !== undefined) {
    await namedTasks(p, taskIds, b.clientId);
    const line = { description: b.description ?? 'Services', quantity: 1, unitCents: b.amount, amountCents: b.amount };
    return { client, email, amountCents: b.amount, lines: [line], taskIds };
  }

  let tasks: { taskId: string; title: string; mediaSeconds: number | null }[];
  if (b.taskIds) {
    const named = await namedTasks(p, taskIds, client.id);
    const unfinished = named.findIndex((t) => !['done', 'low_qa'].includes(t.status));
    if (unfinished >= 0) throw invalid(`taskIds[${unfinished}]`, 'is not finished (done or low_qa)');
    tasks = named;
  } else tasks = await p.invoiceWork.billable(client.id, b);
  const lines = invoiceLines(tasks, client);
  const amountCents = linesTotal(lines);
  if (amountCents <= 0)
    throw invalid(
      b.taskIds ? 'taskIds' : 'clientId',
      "nothing to invoice: no billable work at the client's rates (set pricePerTaskUsd or ratePerMinuteUsd)",
    );
  const max = p.config.payments.maxAmountCents;
  if (amountCents > max)
    throw invalid('amount', `the computed amount ${formatCents(amountCents)} exceeds ${formatCents(max)}`);
  return { client, email, amountCents, lines, taskIds: tasks.map((t) => t.taskId) };
}
