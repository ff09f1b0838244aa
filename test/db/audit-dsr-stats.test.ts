import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditDsrStats } from '../../infra/db/repositories/audit-dsr-stats';
import { createDsrTicketStore } from '../../infra/db/repositories/dsr-tickets';
import type { Database } from '../../infra/db/open-database';
import { dsrTickets } from '../../infra/db/schema';
import { openTestDatabase } from '../support/test-database';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe('DSR figures of the audit report (PGlite, or PostgreSQL with TEST_DATABASE_URL)', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => database.close());

  it('counts tickets opened and closed in the period and the open ones against their deadline', async () => {
    const db = database.db;
    const store = createDsrTicketStore(db);
    const now = new Date();
    const confirmBy = new Date(now.getTime() + 7 * DAY);
    const open = async (type: 'access' | 'erasure', sla: number) => {
      const t = await store.open({ email: `${type}-${sla}@example.com`, type, confirmBy });
      await store.confirm(t.id, sla);
      return t.id;
    };
    await open('access', 20 * DAY); // within the SLA
    await open('access', 3 * DAY); // due within 7 days
    const overdue = await open('erasure', DAY);
    await db
      .update(dsrTickets)
      .set({ slaDueAt: new Date(now.getTime() - HOUR) })
      .where(eq(dsrTickets.id, overdue));
    const late = await open('erasure', DAY);
    await db
      .update(dsrTickets)
      .set({ slaDueAt: new Date(now.getTime() - 2 * HOUR) })
      .where(eq(dsrTickets.id, late));
    await store.close(late, 'closed', { outcome: 'fulfilled', summary: 'exported' });
    await store.open({ email: 'unconfirmed@example.com', type: 'access', confirmBy });

    const stats = await createAuditDsrStats(db)(new Date(now.getTime() - DAY), new Date(now.getTime() + HOUR), now);
    expect(stats).toEqual({
      opened: { access: 3, erasure: 2 },
      closed: { closed: 1 },
      open: { withinSla: 2, dueWithin7Days: 1, overdue: 1 },
      closedLate: 1,
    });
  });
});
