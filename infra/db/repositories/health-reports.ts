import { desc } from 'drizzle-orm';
import type { HealthCheck, HealthStatus } from '../../../domain/health';
import type { Db } from '../open-database';
import { healthReports } from '../schema';

export interface StoredHealthReport {
  id: number;
  source: string;
  status: HealthStatus;
  checks: HealthCheck[];
  workflowId: string | null;
  buildId: string | null;
  createdAt: Date;
}

export function createHealthReportRepository(db: Db) {
  return {
    async insert(r: {
      source: string;
      status: HealthStatus;
      checks: HealthCheck[];
      workflowId?: string;
      buildId?: string;
    }) {
      const [row] = await db
        .insert(healthReports)
        .values({ source: r.source, status: r.status, checks: r.checks, workflowId: r.workflowId, buildId: r.buildId })
        .returning({ id: healthReports.id });
      return row!.id;
    },
    async latest(): Promise<StoredHealthReport | undefined> {
      const [row] = await db.select().from(healthReports).orderBy(desc(healthReports.id)).limit(1);
      return row as StoredHealthReport | undefined;
    },
  };
}
export type HealthReportRepository = ReturnType<typeof createHealthReportRepository>;
