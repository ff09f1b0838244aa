import { jsonb, pgTable, serial, text, timestamp, index } from 'drizzle-orm/pg-core';
import type { HealthCheck } from '../../../domain/health';

/** Results of the healthProbe workflow (scheduled, heartbeat or self-test). */
export const healthReports = pgTable(
  'health_reports',
  {
    id: serial('id').primaryKey(),
    source: text('source').notNull(),
    status: text('status').notNull(),
    checks: jsonb('checks').$type<HealthCheck[]>().notNull(),
    workflowId: text('workflow_id'),
    buildId: text('build_id'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('health_reports_created_at_idx').on(t.createdAt),
    // By workflow id: the schedules list shows the probe result of each schedule's last run.
    index('health_reports_workflow_idx').on(t.workflowId),
  ],
);
