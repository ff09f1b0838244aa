import type { Command } from 'commander';
import { printFields, printJson, printTable } from '../print';
import { registerClientEditCommands } from './client-edit';
import { apiFor, positiveInt, printTaskList } from './tasks';

type Client = {
  clientId: string;
  name: string | null;
  email: string | null;
  plan: string;
  rateCentsPerMin: number;
  stripeCustomer: boolean;
  createdAt: string;
};
type ClientDetail = Client & { recentTasks: Parameters<typeof printTaskList>[0]['items'] };

export function registerClientCommands(program: Command): void {
  const clients = program
    .command('clients')
    .description('The clients invoices are made out to (emails shown masked)')
    .option('--api-url <url>', 'the API (default ECHOPILOT_API_URL or http://127.0.0.1:$PORT)');

  clients
    .command('list')
    .description('Newest clients first')
    .option('-n, --limit <n>', 'how many (1-100)', positiveInt, 20)
    .option('--cursor <cursor>', 'the page after this cursor')
    .option('--json', 'print JSON')
    .action(async (o: { limit: number; cursor?: string; json?: boolean }, cmd: Command) => {
      const q = new URLSearchParams({ limit: String(o.limit), ...(o.cursor && { cursor: o.cursor }) });
      const page = await apiFor(cmd).get<{ items: Client[]; nextCursor: string | null }>(
        `/api/clients?${q.toString()}`,
      );
      if (o.json) return printJson(page.items);
      if (page.items.length === 0) return void console.log('No clients.');
      printTable(
        ['CLIENT', 'NAME', 'EMAIL', 'PLAN', 'RATE ¢/MIN', 'CREATED'],
        page.items.map((c) => [c.clientId, c.name, c.email, c.plan, c.rateCentsPerMin, c.createdAt]),
      );
      if (page.nextCursor) console.log(`more: --cursor ${page.nextCursor}`);
    });

  clients
    .command('show <clientId>')
    .description('One client and its latest tasks')
    .option('--json', 'print JSON')
    .action(async (clientId: string, o: { json?: boolean }, cmd: Command) => {
      const c = await apiFor(cmd).get<ClientDetail>(`/api/clients/${encodeURIComponent(clientId)}`);
      if (o.json) return printJson(c);
      printFields([
        ['client', c.clientId],
        ['name', c.name],
        ['email', c.email],
        ['plan', c.plan],
        ['rate ¢/min', c.rateCentsPerMin],
        ['stripe customer', c.stripeCustomer ? 'yes' : 'no'],
        ['created', c.createdAt],
      ]);
      console.log('');
      printTaskList({ items: c.recentTasks, nextCursor: null }, false);
    });

  registerClientEditCommands(clients);
}
