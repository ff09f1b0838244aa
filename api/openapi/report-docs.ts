import { formatQuery, metricsSummaryQuery } from '../routes/report-routes';
import { telegramUpdate } from '../routes/telegram-webhook-routes';
import type { RouteDoc } from './route-doc';

const report =
  'The stored report `{ id, kind, status, summary, report: { title, text, headline, data: { …, facts }, narrative? }, workflowId, createdAt }`; ' +
  'with `?format=pdf` the PDF (facts, narrative, text, then charts: tasks per day, QA distribution, revenue vs LLM cost, p95)';
const running = '202: still computing after 50 s: `{ workflowId, status: "running" }` (ask again)';

/** Reports on demand and the facts summary (reports issue). */
export const reportDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/exec/brief',
    tag: 'Reports',
    auth: 'dashKey',
    query: formatQuery,
    summary: 'The CEO brief now: facts of the last 24 h plus a QA_MODEL narrative (facts alone without an LLM key)',
    description: 'Computed by the scheduledReport workflow and stored; not sent to the alert channels.',
    responses: { 200: report, 202: running, 502: 'The report run failed' },
  },
  {
    method: 'get',
    path: '/exec-report',
    tag: 'Reports',
    auth: 'dashKey',
    query: formatQuery,
    summary: 'The latest executive report (generated now when none exists yet)',
    responses: {
      200: report,
      202: running,
      409: 'The stored report predates the facts layer and has no charts (`?format=pdf` only)',
      502: 'The report run failed',
    },
  },
  {
    method: 'get',
    path: '/api/metrics-summary',
    tag: 'Reports',
    auth: 'dashKey',
    query: metricsSummaryQuery,
    summary: 'Report facts of the period ending now: revenue, refunds, LLM cost, margin, tasks, QA, p95, top clients',
    responses: {
      200: "`{ period, periodStart, periodEnd, currency, revenueCents, refundsCents, llmCostMicroUsd (tasks plus the platform's own calls), platformLlmCostMicroUsd, marginMicroUsd, tasksByStatus, qaAvg, qaDistribution, p95Ms, topClients, days }`",
    },
  },
  {
    method: 'post',
    path: '/webhook/telegram',
    tag: 'Webhooks',
    auth: 'telegramSecret',
    body: telegramUpdate,
    summary: 'Telegram bot commands (/status, /jobs, /failed, /pause, /resume, /brief, /help) from TELEGRAM_CHAT_ID',
    description:
      'Set with the Bot API `setWebhook` and `secret_token` = TELEGRAM_WEBHOOK_SECRET. The answer goes to the chat by `sendMessage`; other chats and redelivered updates are acknowledged, ignored and counted (`echopilot_telegram_ignored_updates_total`).',
    responses: {
      200: '`{ ok: true, command }` answered, or `{ ok: true, ignored: "other_chat" | "not_command" | "duplicate" }`',
      401: 'Secret token header missing or wrong',
      503: 'Bot commands not configured (TELEGRAM_WEBHOOK_SECRET, TELEGRAM_BOT_TOKEN or TELEGRAM_CHAT_ID unset)',
    },
  },
];
