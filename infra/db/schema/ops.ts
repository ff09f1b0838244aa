import { jobs } from './jobs';
import { index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Outputs of the self-operating routines (auto-operator, self-heal, job replay, predictive alerts,
 * daily reports): one row per run, newest read by `GET /ops-report` and the reports.
 */
export const opsReports = pgTable(
  'ops_reports',
  {
    id: serial('id').primaryKey(),
    kind: text('kind').notNull(),
    /** ok | warning | critical */
    status: text('status').notNull(),
    summary: text('summary').notNull(),
    body: jsonb('body').notNull(),
    workflowId: text('workflow_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  // By workflow id: the schedules list shows the report of each schedule's last run.
  (t) => [index('ops_reports_kind_idx').on(t.kind, t.id), index('ops_reports_workflow_idx').on(t.workflowId)],
);

/**
 * Alert dedupe: the last time an alert key went out on a channel. Claimed with a conditional upsert,
 * so two routines raising the same alert at once send it once.
 */
export const alertDedupe = pgTable(
  'alert_dedupe',
  {
    key: text('key').notNull(),
    channel: text('channel').notNull(),
    sentAt: ts('sent_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.channel] })],
);

/** Every alert raised, with the outcome per channel (sent / suppressed / failed / skipped). */
export const alertLog = pgTable(
  'alert_log',
  {
    id: serial('id').primaryKey(),
    key: text('key').notNull(),
    severity: text('severity').notNull(),
    title: text('title').notNull(),
    outcomes: jsonb('outcomes').notNull(),
    workflowId: text('workflow_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('alert_log_created_idx').on(t.createdAt)],
);

/**
 * One row per re-run claimed by self-heal or job replay, written in the same transaction as the ledger
 * claim. (task, run) is unique: one claimer per run; `claimed_by` lets a retried activity recognise its
 * own claim; `task_run_id` is set once the run started.
 */
export const jobReplays = pgTable(
  'job_replays',
  {
    taskId: text('task_id')
      .notNull()
      .references(() => jobs.taskId, { onDelete: 'cascade' }),
    run: integer('run').notNull(),
    routine: text('routine').notNull(),
    previousFailureType: text('previous_failure_type'),
    /** `<routine workflow id>/<run id>` of the routine run that claimed it. */
    claimedBy: text('claimed_by').notNull(),
    taskRunId: text('task_run_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.run] }), index('job_replays_created_idx').on(t.createdAt)],
);
