import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVALID_RECTIFICATION, RECTIFICATION_CONFLICT } from '../../domain/dsr-fulfilment-rules';
import { auditLog } from '../../infra/db/schema';
import { createClient } from '../support/clients';
import { startErasureWorld, type ErasureWorld } from '../support/erasure-world';

const run = randomUUID().slice(0, 8);
const OLD_EMAIL = `ana.lopez.${run}@example.org`;
const NEW_EMAIL = `ana.garcia.${run}@example.org`;
const TAKEN = `someone.${run}@example.org`;

describe('rectification (Art. 16): corrected name and email in the database and the Notion Client row', () => {
  let w: ErasureWorld;
  let clientId: string, row: string;

  beforeAll(async () => {
    w = await startErasureWorld();
    clientId = (await createClient(w.h.p.app, { name: 'Ana Lopez', email: OLD_EMAIL })).clientId;
    await createClient(w.h.p.app, { name: 'Someone', email: TAKEN });
    row = w.notion.addRow(w.db.clients, { Name: 'Ana Lopez', Email: OLD_EMAIL, 'Client ID': clientId });
    w.subjects.set(`dsr_r_${run}`, OLD_EMAIL);
    w.subjects.set(`dsr_bad_${run}`, OLD_EMAIL);
  });
  afterAll(async () => w?.close());

  it('writes the corrected name and email to the client and its Notion row, and records which fields changed', async () => {
    const out = await w.activities.rectifySubjectData({
      ticketId: `dsr_r_${run}`,
      changes: { name: 'Ana García', email: NEW_EMAIL.toUpperCase() },
    });
    expect(out.corrected).toEqual([
      { place: 'clients', fields: ['email', 'name'] },
      { place: 'notion client rows', fields: ['email', 'name'] },
    ]);
    expect(await w.h.p.appDeps.payments.clients.get(clientId)).toMatchObject({ name: 'Ana García', email: NEW_EMAIL });
    expect(w.notion.row(row)).toMatchObject({ Name: 'Ana García', Email: NEW_EMAIL, 'Client ID': clientId });

    const [entry] = await w.h.p.database.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.action} = 'dsr.rectification' and ${auditLog.subject} = ${`dsr_r_${run}`}`);
    expect(entry).toMatchObject({ actor: 'system:dsr', details: { clientIds: [clientId] } });
    for (const value of [NEW_EMAIL, OLD_EMAIL, 'García']) expect(JSON.stringify(entry)).not.toContain(value);

    // Repeating it finds nobody left under the confirmed address and changes nothing more.
    const again = await w.activities.rectifySubjectData({
      ticketId: `dsr_r_${run}`,
      changes: { name: 'Ana García', email: NEW_EMAIL },
    });
    expect(again.corrected).toEqual([]);
    expect(await w.h.p.appDeps.payments.clients.get(clientId)).toMatchObject({ name: 'Ana García', email: NEW_EMAIL });
  });

  it('refuses a malformed email or an empty change non-retryably, naming the field', async () => {
    const ticketId = `dsr_bad_${run}`;
    const bad = await w.activities
      .rectifySubjectData({ ticketId, changes: { email: 'not-an-email' } })
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ type: INVALID_RECTIFICATION, nonRetryable: true });
    expect((bad as Error).message).toContain('changes.email');
    expect((bad as Error).message).not.toContain('not-an-email');
    const empty = await w.activities.rectifySubjectData({ ticketId, changes: {} }).catch((e: unknown) => e);
    expect(empty).toMatchObject({ type: INVALID_RECTIFICATION, nonRetryable: true });
  });

  it('refuses an email that belongs to another client, leaving both as they were', async () => {
    w.subjects.set(`dsr_taken_${run}`, NEW_EMAIL);
    const err = await w.activities
      .rectifySubjectData({ ticketId: `dsr_taken_${run}`, changes: { email: TAKEN } })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ type: RECTIFICATION_CONFLICT, nonRetryable: true });
    expect((await w.h.p.appDeps.payments.clients.get(clientId))!.email).toBe(NEW_EMAIL);
    expect(w.notion.row(row).Email).toBe(NEW_EMAIL);
  });
});
