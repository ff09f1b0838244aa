import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhookPayload } from '@notionhq/client';
import { eq } from 'drizzle-orm';
import type { ClientSyncSummary } from '../../domain/contracts/client-sync';
import { clients } from '../../infra/db/schema';
import { scheduleDefinitions } from '../../schedules/definitions';
import { startNotionFake, type NotionFake } from '../fakes/notion-fake';
import { createClient } from '../support/clients';
import { admin, createPaymentPlatform, type PaymentPlatform } from '../support/payments';
import { waitFor } from '../support/wait-for';

const WEBHOOK_SECRET = 'secret_client_sync_verification_1';
const CLIENT_DB = {
  Name: 'title',
  Email: 'email',
  Notify: 'checkbox',
  'Client ID': 'rich_text',
  Plan: 'select',
  'Rate (USD/min)': 'number',
  'Price per Task (USD)': 'number',
  'Budget (USD/month)': 'number',
  'Spend MTD (USD)': 'number',
  'Revenue (USD)': 'number',
  'Open Invoices': 'number',
  'Last Payment': 'date',
};

describe('Notion Client database sync both ways (real dev server, Notion fake through @notionhq/client)', () => {
  let notion: NotionFake;
  let p: PaymentPlatform;
  let db: string;
  let runs = 0;
  beforeAll(async () => {
    notion = await startNotionFake();
    db = notion.createDatabase('Clients', CLIENT_DB);
    p = await createPaymentPlatform({
      NOTION_TOKEN: notion.token,
      NOTION_API_BASE_URL: notion.baseUrl,
      CLIENT_DB_ID: db,
      NOTION_WEBHOOK_SECRET: WEBHOOK_SECRET,
    });
  });
  afterAll(async () => {
    await p.close();
    await notion.close();
  });

  const sync = async (): Promise<ClientSyncSummary> => {
    const passes = await p.client.workflow.execute<(i: { source: string }) => Promise<ClientSyncSummary[]>>(
      'notionClientSync',
      { workflowId: `client-sync-test-${++runs}`, taskQueue: p.taskQueue, args: [{ source: 'test' }] },
    );
    return passes[0]!;
  };
  const rowOf = (clientId: string) => notion.rows(db).filter((r) => r['Client ID'] === clientId);
  const stored = async (clientId: string) =>
    (await p.database.db.select().from(clients).where(eq(clients.id, clientId)))[0]!;

  it('a platform client gets one row with its contact and money fields, even when the link was lost', async () => {
    await createClient(p.app, {
      clientId: 'acme',
      name: 'Acme Films',
      email: 'billing@acme.example',
      ratePerMinuteUsd: 2.5,
      pricePerTaskUsd: 12,
      budgetUsdPerMonth: 40,
      notifyOnDone: true,
    });
    const first = await sync();
    expect(first.rowsCreated).toContain('acme');
    const [row] = rowOf('acme');
    expect(row).toMatchObject({
      Name: 'Acme Films',
      Email: 'billing@acme.example',
      Notify: true,
      Plan: 'standard',
      'Rate (USD/min)': 2.5,
      'Price per Task (USD)': 12,
      'Budget (USD/month)': 40,
      'Spend MTD (USD)': 0,
      'Revenue (USD)': 0,
      'Open Invoices': 0,
    });
    expect((await stored('acme')).notionPageId).toBe(row!.id);

    // A pass that created the row but crashed before storing the link: the next one finds the row.
    await p.database.db
      .update(clients)
      .set({ notionPageId: null, notionRowClaimedAt: null })
      .where(eq(clients.id, 'acme'));
    const again = await sync();
    expect(again.rowsCreated).toEqual([]);
    expect(rowOf('acme')).toHaveLength(1);
    expect((await stored('acme')).notionPageId).toBe(row!.id);
    expect((await sync()).rowsCreated).toEqual([]);
    expect(rowOf('acme')).toHaveLength(1);
  });

  it('a new Notion row becomes a client once; its Client ID and money fields are written back', async () => {
    const page = notion.addRow(db, { Name: 'Blue Owl', Email: 'Hello@BlueOwl.example', Notify: true });
    const first = await sync();
    expect(first.clientsCreated).toHaveLength(1);
    const clientId = first.clientsCreated[0]!;
    expect(notion.row(page)).toMatchObject({ 'Client ID': clientId, 'Rate (USD/min)': 5, 'Open Invoices': 0 });
    const res = await p.app.request(`/api/clients/${clientId}`, { headers: admin() });
    expect(res.status).toBe(200);
    expect(await stored(clientId)).toMatchObject({
      name: 'Blue Owl',
      email: 'hello@blueowl.example',
      notifyOnDone: true,
    });

    const second = await sync();
    expect(second.clientsCreated).toEqual([]);
    expect(notion.rows(db).filter((r) => r.Name === 'Blue Owl')).toHaveLength(1);
  });

  it('contact edits in Notion reach the platform; money edits in Notion are put back', async () => {
    const [row] = rowOf('acme');
    notion.edit(row!.id, { Name: 'Acme Films Ltd', Notify: false, 'Rate (USD/min)': 0.01, 'Revenue (USD)': 999 });
    const s = await sync();
    expect(s.toPlatform).toContain('acme');
    expect(await stored('acme')).toMatchObject({ name: 'Acme Films Ltd', notifyOnDone: false, rateCentsPerMin: 250 });
    expect(notion.row(row!.id)).toMatchObject({ 'Rate (USD/min)': 2.5, 'Revenue (USD)': 0 });
  });

  it('a platform edit reaches Notion; money changed by PATCH is written too', async () => {
    const res = await p.app.request('/api/clients/acme', {
      method: 'PATCH',
      headers: admin(),
      body: JSON.stringify({ name: 'Acme Studios', pricePerTaskUsd: 20 }),
    });
    expect(res.status).toBe(200);
    const s = await sync();
    expect(s.toNotion).toContain('acme');
    expect(s.conflicts).toEqual([]);
    expect(rowOf('acme')[0]).toMatchObject({ Name: 'Acme Studios', 'Price per Task (USD)': 20 });
  });

  it('both sides edited: the later edit wins, and the conflict is logged and recorded', async () => {
    const [row] = rowOf('acme');
    // Platform first, Notion later: Notion wins.
    await p.app.request('/api/clients/acme', {
      method: 'PATCH',
      headers: admin(),
      body: JSON.stringify({ email: 'platform@acme.example' }),
    });
    await new Promise((r) => setTimeout(r, 5));
    notion.edit(row!.id, { Email: 'notion@acme.example' });
    const s1 = await sync();
    expect(s1.conflicts).toEqual([{ clientId: 'acme', winner: 'notion', fields: ['email'] }]);
    expect((await stored('acme')).email).toBe('notion@acme.example');

    // Notion first, platform later: the platform wins.
    notion.edit(row!.id, { Name: 'Acme (Notion)' });
    await new Promise((r) => setTimeout(r, 5));
    await p.app.request('/api/clients/acme', {
      method: 'PATCH',
      headers: admin(),
      body: JSON.stringify({ name: 'Acme (platform)' }),
    });
    const s2 = await sync();
    expect(s2.conflicts).toEqual([{ clientId: 'acme', winner: 'platform', fields: ['name'] }]);
    expect(rowOf('acme')[0]!.Name).toBe('Acme (platform)');

    const audit = await p.appDeps.payments.audit.bySubject('client:acme');
    const conflicts = audit.filter((e) => e.action === 'client.notion_conflict');
    expect(conflicts.map((e) => (e.details as { winner: string }).winner).sort()).toEqual(['notion', 'platform']);
    expect(JSON.stringify(conflicts)).not.toContain('@acme.example'); // ids and field names only
  });

  it('rows without a valid email or naming an unknown client are skipped and reported', async () => {
    const noEmail = notion.addRow(db, { Name: 'No Mail Co' });
    const ghost = notion.addRow(db, { Name: 'Ghost', Email: 'g@ghost.example', 'Client ID': 'cli_missing' });
    const s = await sync();
    expect(s.skipped).toEqual(
      expect.arrayContaining([
        { pageId: noEmail, reason: 'row has no valid email' },
        { pageId: ghost, reason: 'Client ID names no client' },
      ]),
    );
    expect(s.clientsCreated).toEqual([]);
  });

  it('a signed Notion webhook runs the sync now', async () => {
    const [row] = rowOf('acme');
    notion.edit(row!.id, { Name: 'Acme via webhook' });
    const body = JSON.stringify({
      id: 'evt-client-1',
      type: 'page.properties_updated',
      timestamp: new Date().toISOString(),
      entity: { id: row!.id, type: 'page' },
      data: {},
    });
    const signature = await signWebhookPayload({ body, verificationToken: WEBHOOK_SECRET });
    const res = await p.app.request('/webhook/notion', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-notion-signature': signature },
      body,
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ clientSync: 'notion-client-sync-webhook' });
    await waitFor('the webhook sync to take the edit', async () => (await stored('acme')).name === 'Acme via webhook');
  });

  it('is scheduled only with NOTION_TOKEN and CLIENT_DB_ID', () => {
    const def = scheduleDefinitions(p.config).find((d) => d.id === 'notion-client-sync');
    expect(def).toMatchObject({ workflowType: 'notionClientSync', spec: { intervals: [{ every: '300 seconds' }] } });
    const without = { ...p.config, notion: { ...p.config.notion, clientDbId: undefined } };
    expect(scheduleDefinitions(without).some((d) => d.id === 'notion-client-sync')).toBe(false);
  });
});
