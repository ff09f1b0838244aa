import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createErrorHandler } from '../../api/middleware/error-handler';
import type { AppEnv } from '../../api/app-env';
import { startPostgres } from '../../bench/postgres';
import { isEncrypted } from '../../infra/crypto/encryption-codec';
import { openPayloadEncryption } from '../../infra/crypto/payload-encryption';
import { openDatabase, type Database } from '../../infra/db/open-database';
import { isDatabaseDownFailure, queryFailure } from '../../infra/db/query-error';
import { sqlRows } from '../../infra/db/repositories/sql-rows';
import { createLogger } from '../../infra/logger';
import { freePort } from '../support/free-port';

/**
 * Found by the PostgreSQL outage of `npm run chaos`: a transaction in flight when the server stopped
 * emitted `error` on its checked-out client, which nobody heard, and the process died; and the errors
 * node-postgres raises for a lost connection (no SQLSTATE) were answered 500. Real PostgreSQL server
 * (installed as for scripts/test-postgres.sh), stopped and started with pg_ctl. And a payload the worker
 * encoded during the outage (its owner and data key read from the database) failed the whole worker.
 */
describe('PostgreSQL stopped and started under the platform’s pool', () => {
  let pg: ReturnType<typeof startPostgres>;
  let database: Database | undefined;
  beforeAll(async () => {
    pg = startPostgres(await freePort());
  });
  afterAll(async () => {
    await database?.close();
    pg?.stop();
  });

  it('transactions in flight when it stops fail as "database down" (API 503), the process lives, queries work after', async () => {
    expect(pg, 'PostgreSQL must be installed (pg_ctl/initdb), as for scripts/test-postgres.sh').toBeDefined();
    database = await openDatabase({ kind: 'postgres', url: pg!.url });
    const db = database.db;
    const errors: unknown[] = [];
    const inFlight = Array.from({ length: 6 }, () =>
      db
        .transaction(async (tx) => {
          await tx.execute(sql`select 1`);
          await tx.execute(sql`select pg_sleep(30)`);
        })
        .catch((err: unknown) => errors.push(err)),
    );
    await new Promise((r) => setTimeout(r, 1_000));
    pg!.halt();
    await Promise.all(inFlight);
    // One more while it is down: refused.
    await db.execute(sql`select 1`).catch((err: unknown) => errors.push(err));
    expect(errors).toHaveLength(7);
    for (const err of errors) {
      const f = queryFailure(err);
      expect(f && isDatabaseDownFailure(f), String((err as Error).message)).toBe(true);
    }

    const app = new Hono<AppEnv>();
    app.onError(createErrorHandler(createLogger({ level: 'silent', secrets: [] })));
    app.get('/:n', (c) => {
      throw errors[Number(c.req.param('n'))] as Error;
    });
    for (let n = 0; n < errors.length; n++) {
      const res = await app.request(`/${n}`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: { code: 'database_unavailable' } });
    }

    pg!.resume();
    expect(await sqlRows(db, sql`select 42 as answer`)).toEqual([{ answer: 42 }]);
  }, 120_000);

  it('a payload encoded for a task while it is down waits for it (a failed encode fails the Temporal worker)', async () => {
    expect(pg, 'PostgreSQL must be installed (pg_ctl/initdb), as for scripts/test-postgres.sh').toBeDefined();
    database ??= await openDatabase({ kind: 'postgres', url: pg!.url });
    const dataDir = mkdtempSync(path.join(tmpdir(), 'echopilot-pg-codec-'));
    const encryption = (await openPayloadEncryption(
      { dataDir, encryption: { enabled: true, masterKey: randomBytes(32).toString('base64') } },
      database,
    ))!;
    const payload = {
      metadata: { encoding: new TextEncoder().encode('json/plain') },
      data: new TextEncoder().encode('1'),
    };
    pg!.halt();
    const encoding = encryption.codec.encode([payload], { workflowId: `task-${randomUUID()}` } as never);
    let settled = false;
    void encoding.then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((r) => setTimeout(r, 3_000));
    expect(settled).toBe(false);
    pg!.resume();
    const [sealed] = await encoding;
    expect(isEncrypted(sealed!)).toBe(true);
    const [plain] = await encryption.codec.decode([sealed!]);
    expect(Buffer.from(plain!.data!).toString()).toBe('1');
    rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);
});
