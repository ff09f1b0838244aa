import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../open-database';
import { opsReports } from '../schema';

export interface StoredOpsReport {
  id: number;
  kind: string;
  status: string;
  summary: string;
  body: unknown;
  workflowId: string | null;
  createdAt: Date;
}

/** How long routine outcomes and the alert history are kept. */
export const OPS_HISTORY_DAYS = 30;

/** Results of the self-operating routines; `GET /ops-report` reads the newest auto-operator one. */
export function createOpsReportRepository(db: Db) {
  return {
    async insert(r: {
      kind: string;
      status: string;
      summary: string;
      body: unknown;
      workflowId?: string;
    }): Promise<number> {
      const [row] = await db.insert(opsReports).values(r).returning({ id: opsReports.id });
      return row!.id;
    },
    /** Retention: the auto-operator alone writes 288 rows a day. */
    async prune(kind: string, before: Date): Promise<void> {
      await db.delete(opsReports).where(and(eq(opsReports.kind, kind), lt(opsReports.createdAt, before)));
    },
    async byId(id: number): Promise<StoredOpsReport | undefined> {
      const [row] = await db.select().from(opsReports).where(eq(opsReports.id, id)).limit(1);
      return row;
    },
    async latest(kind: string): Promise<StoredOpsReport | undefined> {
      const [row] = await db
        .select()
        .from(opsReports)
        .where(eq(opsReports.kind, kind))
        .orderBy(desc(opsReports.id))
        .limit(1);
      return row;
    },
    async recent(kind: string, limit: number): Promise<StoredOpsReport[]> {
      return db
        .select()
        .from(opsReports)
        .where(and(eq(opsReports.kind, kind)))
        .orderBy(desc(opsReports.id))
        .limit(limit);
    },
  };
}
export type OpsReportRepository = ReturnType<typeof createOpsReportRepository>;
