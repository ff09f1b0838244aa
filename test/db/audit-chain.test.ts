import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { legacyHash, GENESIS_HASH } from '../../infra/audit/audit-hash';
import { createAuditService, type AuditService } from '../../infra/audit/audit-service';
import type { Database } from '../../infra/db/open-database';
import { createAuditLog, type AuditLog } from '../../infra/db/repositories/audit-log';
import { createAuditSecurityStats } from '../../infra/db/repositories/audit-security-stats';
import { createAuditDsrStats } from '../../infra/db/repositories/audit-dsr-stats';
import { auditLog as auditTable } from '../../infra/db/schema';
import { openTestDatabase } from '../support/test-database';
import { testConfig } from '../support/test-config';

/** What a superuser bypassing the append-only trigger would run. */
async function asSuperuser(db: Database, statements: string[]): Promise<void> {
  await db.db.execute(sql.raw('ALTER TABLE audit_log DISABLE TRIGGER USER'));
  for (const s of statements) await db.db.execute(sql.raw(s));
  await db.db.execute(sql.raw('ALTER TABLE audit_log ENABLE TRIGGER USER'));
}

const dayAgo = () => new Date(Date.now() - 86_400_000);
const inAMinute = () => new Date(Date.now() + 60_000);

describe('audit chain (PGlite, or PostgreSQL with TEST_DATABASE_URL)', () => {
  let database: Database;
  let log: AuditLog;
  let audit: AuditService;
  let dataDir: string;
  beforeEach(async () => {
    database = await openTestDatabase();
    log = createAuditLog(database.db);
    dataDir = mkdtempSync(path.join(tmpdir(), 'audit-chain-'));
    audit = createAuditService({
      config: testConfig({ DATA_DIR: dataDir }),
      auditLog: log,
      securityStats: createAuditSecurityStats(database.db),
      dsrStats: createAuditDsrStats(database.db),
    });
  });
  afterEach(async () => {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const appendFive = async () => {
    for (let i = 1; i <= 5; i++)
      await log.append({
        actor: i % 2 ? 'key:0123abcd4567' : 'system:payments',
        action: i % 2 ? 'schedule.pause' : 'payment.received',
        subject: `target-${i}`,
        details: { n: i, nested: { z: 1, a: [i, 'x'] } },
        dedupeKey: `k-${i}`,
        requestId: `req-${i}`,
      });
  };
  const report = () => audit.report(dayAgo(), inAMinute());

  it('verifies an intact chain, with rows written under the legacy hash as its honest prefix', async () => {
    // A row as the payment audit wrote it before RFC 8785 hashing (hash_version defaults to 1).
    const at = new Date('2026-01-01T00:00:00.000Z');
    const legacy = { at, actor: 'system:payments', action: 'invoice.paid', subject: 'inv_1', details: { b: 2, a: 1 } };
    await database.db.insert(auditTable).values({
      ...legacy,
      dedupeKey: 'old-1',
      prevHash: GENESIS_HASH,
      hash: legacyHash(GENESIS_HASH, { ...legacy, dedupeKey: 'old-1' }),
    });
    await appendFive();
    const r = await report();
    expect(r.status).toBe('ok');
    expect(r.chain).toMatchObject({ status: 'valid', entries: 6, headSeq: 6, firstBreak: null });
    expect(r.chain.legacyPrefix).toEqual({ entries: 1, lastSeq: 1 });
    // Counted by action and actor; the legacy row is outside the one-day period.
    expect(r.entries.byAction).toEqual({ 'schedule.pause': 3, 'payment.received': 2 });
    expect(r.entries.byActor).toEqual({ 'key:0123abcd4567': 3, 'system:payments': 2 });
    expect(r.dsr).toEqual({
      opened: {},
      closed: {},
      open: { withinSla: 0, dueWithin7Days: 0, overdue: 0 },
      closedLate: 0,
    });
  });

  it('refuses UPDATE, DELETE and TRUNCATE through the trigger', async () => {
    await appendFive();
    for (const stmt of [
      "UPDATE audit_log SET actor = 'someone-else' WHERE id = 2",
      'DELETE FROM audit_log WHERE id = 5',
      'TRUNCATE audit_log',
    ]) {
      const err = (await database.db.execute(sql.raw(stmt)).then(
        () => undefined,
        (e: unknown) => e,
      )) as { cause?: { message?: string; code?: string } } | undefined;
      expect(err?.cause?.message).toMatch(/audit_log is append-only: (UPDATE|DELETE|TRUNCATE) refused/);
      expect(err?.cause?.code).toBe('42501');
    }
    expect((await log.verifyChain()).entries).toBe(5);
  });

  it('names an edited row (content changed, hash left alone)', async () => {
    await appendFive();
    await asSuperuser(database, [`UPDATE audit_log SET details = '{"n": 99}'::jsonb WHERE id = 3`]);
    const r = await report();
    expect(r.status).toBe('broken');
    expect(r.chain.firstBreak).toMatchObject({ seq: 3, problem: 'edited' });
  });

  it('names a row rewritten with a freshly computed hash as edited', async () => {
    await appendFive();
    const [row] = await log.bySubject('target-2');
    const forged = 'f'.repeat(64);
    await asSuperuser(database, [`UPDATE audit_log SET hash = '${forged}' WHERE id = ${row!.id}`]);
    // Row 2 itself now fails its hash; a forger who also fixed `canonical` would still break row 3's link.
    expect((await report()).chain.firstBreak).toMatchObject({ seq: 2, problem: 'edited' });
  });

  it('names deleted rows in the middle', async () => {
    await appendFive();
    await asSuperuser(database, ['DELETE FROM audit_log WHERE id IN (2, 3)']);
    expect((await report()).chain.firstBreak).toMatchObject({ seq: 2, problem: 'deleted' });
  });

  it('names the newest rows deleted after a signed checkpoint', async () => {
    await appendFive();
    const cp = await audit.checkpoint('daily');
    expect(cp.signed).toBe(true);
    await asSuperuser(database, ['DELETE FROM audit_log WHERE id >= 4']);
    // The remaining chain is internally consistent: only the checkpoint shows the loss.
    const r = await report();
    expect(r.status).toBe('broken');
    expect(r.chain.firstBreak).toMatchObject({ seq: 4, problem: 'deleted' });
    expect(r.checkpoints.last).toMatchObject({ seq: 5, signatureValid: true, matchesChain: false });
    // A tampered head is never signed.
    expect((await audit.checkpoint('daily')).signed).toBe(false);
  });

  it('names reordered rows', async () => {
    await appendFive();
    await asSuperuser(database, [
      'UPDATE audit_log SET id = -2 WHERE id = 2',
      'UPDATE audit_log SET id = 2 WHERE id = 3',
      'UPDATE audit_log SET id = 3 WHERE id = -2',
    ]);
    expect((await report()).chain.firstBreak).toMatchObject({ seq: 2, problem: 'reordered' });
  });
});
