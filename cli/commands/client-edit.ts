import type { Command } from 'commander';
import { printJson } from '../print';
import { apiFor } from './tasks';

type Saved = { clientId: string; email: string | null; [k: string]: unknown };

/** Options shared by `clients create` and `clients update`; money as USD, as the API takes it. */
function moneyOptions(cmd: Command): Command {
  return cmd
    .option('--plan <plan>', 'plan name')
    .option('--rate <usd>', 'rate per started media minute, USD')
    .option('--price-per-task <usd>', 'price per finished task, USD')
    .option('--budget <usd>', 'monthly LLM budget, USD ("none" removes it)')
    .option('--notify-on-done <yes|no>', 'email the client when a task is done')
    .option('--json', 'print JSON');
}

type MoneyOpts = { plan?: string; rate?: string; pricePerTask?: string; budget?: string; notifyOnDone?: string };
const body = (o: MoneyOpts) => ({
  ...(o.plan !== undefined && { plan: o.plan }),
  ...(o.rate !== undefined && { ratePerMinuteUsd: o.rate }),
  ...(o.pricePerTask !== undefined && { pricePerTaskUsd: o.pricePerTask }),
  ...(o.budget !== undefined && { budgetUsdPerMonth: o.budget === 'none' ? null : o.budget }),
  ...(o.notifyOnDone !== undefined && { notifyOnDone: o.notifyOnDone === 'yes' }),
});
// The API answers with the address masked; nothing here prints it in full.
const done = (what: string, c: Saved, json?: boolean) =>
  json ? printJson(c) : console.log(`${what} ${c.clientId} (${c.email ?? 'no email'})`);

export function registerClientEditCommands(clients: Command): void {
  moneyOptions(
    clients
      .command('create <name> <email>')
      .description('Create a client')
      .option('--id <clientId>', 'choose the client id (default cli_…)'),
  ).action(async (name: string, email: string, o: MoneyOpts & { id?: string; json?: boolean }, cmd: Command) => {
    const c = await apiFor(cmd).post<Saved>('/api/clients', {
      name,
      email,
      ...(o.id && { clientId: o.id }),
      ...body(o),
    });
    done('created', c, o.json);
  });

  moneyOptions(
    clients
      .command('update <clientId>')
      .description('Change a client (a changed budget re-checks its held tasks)')
      .option('--name <name>', 'new name')
      .option('--email <email>', 'new email'),
  ).action(async (clientId: string, o: MoneyOpts & { name?: string; email?: string; json?: boolean }, cmd: Command) => {
    const patch = { ...(o.name && { name: o.name }), ...(o.email && { email: o.email }), ...body(o) };
    const c = await apiFor(cmd).patch<Saved>(`/api/clients/${encodeURIComponent(clientId)}`, patch);
    done('updated', c, o.json);
  });
}
