import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../infra/db/open-database';
import { createRateGuardStore } from '../../infra/db/repositories/rate-guard-store';
import { openTestDatabase } from '../support/test-database';

describe('rate guard store (PGlite, or PostgreSQL with TEST_DATABASE_URL)', () => {
  let database: Database;
  beforeEach(async () => {
    database = await openTestDatabase();
  });
  afterEach(async () => database.close());

  it('counts failures inside the window only', async () => {
    const store = createRateGuardStore(database.db);
    const t0 = new Date('2026-01-01T00:00:00Z');
    expect(await store.recordFailure('1.2.3.4', t0, 300_000)).toBe(1);
    expect(await store.recordFailure('1.2.3.4', new Date(t0.getTime() + 60_000), 300_000)).toBe(2);
    // six minutes later the first two have left the window
    expect(await store.recordFailure('1.2.3.4', new Date(t0.getTime() + 420_000), 300_000)).toBe(1);
    expect(await store.recordFailure('5.6.7.8', t0, 300_000)).toBe(1);
  });

  it('keeps a ban until it expires, and clears it on request', async () => {
    const store = createRateGuardStore(database.db);
    const now = new Date('2026-01-01T00:00:00Z');
    await store.ban('9.9.9.9', new Date(now.getTime() + 600_000), 3);
    expect(await store.activeBan('9.9.9.9', now)).toEqual(new Date(now.getTime() + 600_000));
    expect(await store.activeBan('9.9.9.9', new Date(now.getTime() + 600_001))).toBeUndefined();
    expect((await store.stats(now, 300_000)).activeBans).toHaveLength(1);
    expect(await store.clear('9.9.9.9')).toBe(true);
    expect(await store.activeBan('9.9.9.9', now)).toBeUndefined();
  });
});
