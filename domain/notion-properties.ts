import { z } from 'zod';

/**
 * Notion property names the platform reads and writes, per database. Every name can be overridden
 * with NOTION_PROPERTIES (JSON); a property missing from a database is skipped, never an error.
 */
export const DEFAULT_NOTION_PROPERTIES = {
  queue: {
    title: 'Name',
    prompt: 'Prompt',
    trigger: 'Trigger',
    status: 'Status',
    client: 'Client',
    type: 'Type',
    mediaUrl: 'Media URL',
    qaScore: 'QA Score',
    cost: 'Cost (USD)',
    runLink: 'Run',
    result: 'Result',
    error: 'Error',
    taskId: 'Task ID',
    payment: 'Payment',
  },
  jobLog: {
    title: 'Job',
    taskId: 'Task ID',
    status: 'Status',
    qaScore: 'QA Score',
    cost: 'Cost (USD)',
    tokens: 'Tokens',
    model: 'Model',
    attempts: 'Attempts',
    durationSec: 'Duration (s)',
    build: 'Build',
    runLink: 'Run',
    completedAt: 'Completed',
  },
  automationLog: {
    title: 'Operation',
    opKey: 'Op Key',
    taskId: 'Task ID',
    status: 'Status',
    detail: 'Detail',
    at: 'At',
  },
  /** Client database (CLIENT_DB_ID): Notion owns the contact fields, the platform the money fields. */
  clients: {
    title: 'Name',
    email: 'Email',
    notify: 'Notify',
    clientId: 'Client ID',
    plan: 'Plan',
    rate: 'Rate (USD/min)',
    pricePerTask: 'Price per Task (USD)',
    budget: 'Budget (USD/month)',
    spend: 'Spend MTD (USD)',
    revenue: 'Revenue (USD)',
    openInvoices: 'Open Invoices',
    lastPayment: 'Last Payment',
  },
} as const;

type Names<T> = { -readonly [K in keyof T]: string };
export interface NotionPropertyNames {
  queue: Names<typeof DEFAULT_NOTION_PROPERTIES.queue>;
  jobLog: Names<typeof DEFAULT_NOTION_PROPERTIES.jobLog>;
  automationLog: Names<typeof DEFAULT_NOTION_PROPERTIES.automationLog>;
  clients: Names<typeof DEFAULT_NOTION_PROPERTIES.clients>;
}

const partialNames = <T extends Record<string, string>>(defaults: T) =>
  z
    .object(
      Object.fromEntries(Object.keys(defaults).map((k) => [k, z.string().min(1).optional()])) as Record<
        keyof T,
        z.ZodOptional<z.ZodString>
      >,
    )
    .strict();

export const notionPropertyOverridesSchema = z
  .object({
    queue: partialNames(DEFAULT_NOTION_PROPERTIES.queue).optional(),
    jobLog: partialNames(DEFAULT_NOTION_PROPERTIES.jobLog).optional(),
    automationLog: partialNames(DEFAULT_NOTION_PROPERTIES.automationLog).optional(),
    clients: partialNames(DEFAULT_NOTION_PROPERTIES.clients).optional(),
  })
  .strict();
export type NotionPropertyOverrides = z.infer<typeof notionPropertyOverridesSchema>;

const clean = (o: Record<string, string | undefined> | undefined) =>
  Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Record<string, string>;

export function resolveNotionPropertyNames(overrides?: NotionPropertyOverrides): NotionPropertyNames {
  return {
    queue: { ...DEFAULT_NOTION_PROPERTIES.queue, ...clean(overrides?.queue) },
    jobLog: { ...DEFAULT_NOTION_PROPERTIES.jobLog, ...clean(overrides?.jobLog) },
    automationLog: { ...DEFAULT_NOTION_PROPERTIES.automationLog, ...clean(overrides?.automationLog) },
    clients: { ...DEFAULT_NOTION_PROPERTIES.clients, ...clean(overrides?.clients) },
  };
}

/** Status values written to the queue's Status property. */
export const NOTION_QUEUE_STATUS = {
  queued: 'Queued',
  processing: 'Processing',
  done: 'Done',
  low_qa: 'Low QA',
  failed: 'Failed',
  cancelled: 'Cancelled',
} as const;
