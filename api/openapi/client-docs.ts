import { createClientBody, updateClientBody } from '../client-schemas';
import { clientIdParam, clientListQuery } from '../routes/client-routes';
import { invoiceIdParam, invoiceListQuery } from '../routes/invoice-list-routes';
import { taskIdParam } from '../routes/task-routes';
import type { RouteDoc } from './route-doc';

const money =
  'Money in: `ratePerMinuteUsd`, `pricePerTaskUsd`, `budgetUsdPerMonth` (USD, at most two decimals); shown as integer cents (`rateCentsPerMin`, `pricePerTaskCents`) and micro-USD (`budgetMicroUsdPerMonth`). The email is shown masked.';

/** Client records, budgets and the invoice list (README "Clients and budgets", "Invoices from the work"). */
export const clientDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/clients',
    tag: 'Clients',
    auth: 'dashKey',
    body: createClientBody,
    summary: 'Create a client',
    description: `${money} \`clientId\` optional (else \`cli_…\`).`,
    responses: { 201: 'The client', 409: 'Another client has this email or clientId (`details.field`)' },
  },
  {
    method: 'get',
    path: '/api/clients',
    tag: 'Clients',
    auth: 'dashKey',
    query: clientListQuery,
    summary: 'List clients, newest first',
    responses: { 200: '`{ items: Client[], nextCursor }`' },
  },
  {
    method: 'get',
    path: '/api/clients/:clientId',
    tag: 'Clients',
    auth: 'dashKey',
    params: clientIdParam,
    summary: 'One client: budget and month-to-date LLM spend, revenue, open invoices, latest tasks',
    responses: { 200: 'The client', 404: 'No such client' },
  },
  {
    method: 'patch',
    path: '/api/clients/:clientId',
    tag: 'Clients',
    auth: 'dashKey',
    params: clientIdParam,
    body: updateClientBody,
    summary: 'Change a client',
    description: `${money} \`budgetUsdPerMonth: null\` removes the cap. A changed cap signals the client's tasks in \`budget_hold\` to check the budget again (\`recheckedHeldTasks\`).`,
    responses: { 200: 'The client', 404: 'No such client', 409: 'Another client has this email' },
  },
  {
    method: 'post',
    path: '/api/tasks/:taskId/release-budget-hold',
    tag: 'Tasks',
    auth: 'dashKey',
    params: taskIdParam,
    summary: 'Let one task waiting in budget_hold run past its client’s monthly cap',
    responses: {
      202: '`{ taskId, workflowId, status: "releasing" }`',
      404: 'No such task',
      409: 'The task is not in budget_hold',
    },
  },
  {
    method: 'get',
    path: '/api/invoices',
    tag: 'Payments',
    auth: 'dashKey',
    query: invoiceListQuery,
    summary: 'List invoices, newest first, by client and status',
    responses: { 200: '`{ items: Invoice[], nextCursor }`' },
  },
  {
    method: 'get',
    path: '/api/invoices/:invoiceId',
    tag: 'Payments',
    auth: 'dashKey',
    params: invoiceIdParam,
    summary: 'One invoice with its line items, payment and refunds',
    responses: { 200: 'The invoice', 404: 'No such invoice' },
  },
];
