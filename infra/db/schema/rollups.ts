import { integer, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import { ledgerRollupTables } from './ledger-rollup-tables';

/*
 * Hourly rollups of the job ledger, kept exact by triggers in the same transaction as every ledger write
 * (migration *_hourly_rollups_sql): the old row's share is taken off its keys and the new row's added.
 * A delete while `echopilot.archiving` is on (retention) leaves them as they are, so archived tasks
 * still count: finished tasks per completion hour, type, status and failure type; the latency histogram
 * per completion hour and type; tasks and cost per hour and client; tasks created per hour; attempt rows,
 * tokens and cost per hour and model (ledger-rollup-tables.ts). Windowed reads sum whole hours here, the
 * partial hours at the window's edges from the 5-minute rollups and the ledger (repositories/hour-window.ts).
 */

const hourly = ledgerRollupTables('hourly', 'hour');
export const jobOutcomeHourly = hourly.outcome;
export const jobLatencyHourly = hourly.latency;
export const jobClientHourly = hourly.client;
export const jobIntakeHourly = hourly.intake;
export const attemptCostHourly = hourly.attemptCost;

/**
 * The same histogram per completion day (UTC) and type, kept by the same trigger: a 7-day window reads
 * about 7 days of buckets plus at most half a day of hours at each end, instead of 168 hours of buckets
 * (hourly-rollup-reads.ts). `day` is the UTC midnight the day starts at.
 */
export const jobLatencyDaily = pgTable(
  'job_latency_daily',
  {
    day: timestamp('day', { withTimezone: true, mode: 'date' }).notNull(),
    type: text('type').notNull(),
    bucket: smallint('bucket').notNull(),
    tasks: integer('tasks').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.type, t.bucket] })],
);

/**
 * How far retention has archived (one row): ledger rows before these instants may be gone, so windows
 * reaching back there start at a whole hour of the rollups instead of reading partial hours from the ledger.
 */
export const ledgerArchiveMark = pgTable('ledger_archive_mark', {
  id: smallint('id').primaryKey().default(1),
  tasksBefore: timestamp('tasks_before', { withTimezone: true, mode: 'date' }),
  attemptsBefore: timestamp('attempts_before', { withTimezone: true, mode: 'date' }),
});
