import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../infra/paths';

/** The migrations folder as it was before the clients_ migrations (journal cut after `lastTag`). */
function migrationsUpTo(lastTag: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'echopilot-migrations-'));
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  const journalPath = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const cut = journal.entries.findIndex((e) => e.tag === lastTag);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut + 1) }));
  return dir;
}

describe('clients_ migrations on existing data', () => {
  it('create a client for every client id tasks named, and link existing invoices to their tasks', async () => {
    const before = migrationsUpTo('0011_delivery_paypal_links_unsubscribe');
    const client = new PGlite();
    try {
      const db = drizzle(client);
      await migrate(db, { migrationsFolder: before });
      await db.execute(
        sql`insert into clients (id, email, rate_cents_per_min) values ('cli_known', 'k@x.example', 300)`,
      );
      await db.execute(sql`insert into jobs (task_id, workflow_id, source, title, prompt, client_id) values
        ('t1', 'task-t1', 'api', 't', 'p', 'acme'), ('t2', 'task-t2', 'api', 't', 'p', 'acme'),
        ('t3', 'task-t3', 'notion', 't', 'p', 'cli_known'), ('t4', 'task-t4', 'api', 't', 'p', null)`);
      await db.execute(sql`insert into invoices (id, client_id, email, amount_cents, currency, status, task_ids, workflow_id, expires_at) values
        ('inv_old', 'cli_known', 'k@x.example', 100, 'usd', 'paid', '["t3"]', 'invoice-inv_old', now()),
        ('inv_exp', 'cli_known', 'k@x.example', 100, 'usd', 'expired', '["t1"]', 'invoice-inv_exp', now())`);

      await migrate(db, { migrationsFolder: MIGRATIONS_DIR });
      const clients = await db.execute<{ id: string; email: string | null; rate_cents_per_min: number }>(
        sql`select id, email, rate_cents_per_min from clients order by id`,
      );
      expect(clients.rows).toEqual([
        { id: 'acme', email: null, rate_cents_per_min: 500 },
        { id: 'cli_known', email: 'k@x.example', rate_cents_per_min: 300 }, // untouched
      ]);
      const links = await db.execute<{ invoice_id: string; task_id: string; released: boolean }>(
        sql`select invoice_id, task_id, released from invoice_tasks order by invoice_id`,
      );
      expect(links.rows).toEqual([
        { invoice_id: 'inv_exp', task_id: 't1', released: true },
        { invoice_id: 'inv_old', task_id: 't3', released: false },
      ]);
      // The paid invoice keeps t3: a second live link is refused by the database.
      await expect(
        db.execute(sql`insert into invoice_tasks (invoice_id, task_id) values ('inv_exp', 't3')`),
      ).rejects.toThrow();
    } finally {
      await client.close();
      rmSync(before, { recursive: true, force: true });
    }
  });
});
