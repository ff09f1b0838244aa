import { z } from 'zod';
import type { ClientRow } from '../infra/db/repositories/clients';
import { createClientRow, encodeClientProperties, readClientRow } from '../infra/notion/client-rows';
import type { DataSource, NotionGateway, NotionPage } from '../infra/notion/notion-gateway';
import type { ClientSyncSummary } from '../domain/contracts/client-sync';
import { heartbeat } from './activity-context';
import { clientMoneyValues } from './client-money';
import { syncLinkedRow } from './client-sync-row';
import { mapNotionError } from './notion-effects';
import type { NotionMoneyDeps } from './notion-money-deps';

const isEmail = (e: string | null): e is string => e !== null && z.email().safeParse(e).success;

export function createClientSyncActivities(deps: NotionMoneyDeps) {
  const d = deps.payments;
  const cfg = deps.notionConfig;
  const n = cfg.properties.clients;
  const rate = () => Math.round(d.config.pricing.defaultRateUsdPerMin * 100);

  /** A Notion row without a Client ID: a new client (or the one with that email), then the id written back. */
  async function adoptRow(g: NotionGateway, ds: DataSource, page: NotionPage, s: ClientSyncSummary, source: string) {
    const row = readClientRow(page, n);
    if (!isEmail(row.email)) {
      s.skipped.push({ pageId: row.pageId, reason: 'row has no valid email' });
      return;
    }
    let client = await d.clientNotionLinks.byNotionPage(row.pageId);
    if (!client) {
      const made = await d.clientNotionLinks.createFromNotion({
        pageId: row.pageId,
        name: row.name,
        email: row.email,
        notifyOnDone: row.notify,
        rateCentsPerMin: rate(),
        editedAt: row.lastEditedAt,
      });
      if (made?.created) s.clientsCreated.push(made.client.id);
      client = made?.client;
    }
    if (!client) {
      // The email is a platform client's: link the row to it unless that client has a row already.
      const owner = await d.clients.byEmail(row.email);
      if (!owner || !(await d.clientNotionLinks.link(owner.id, row.pageId))) {
        s.skipped.push({ pageId: row.pageId, reason: 'email belongs to a client with another row' });
        return;
      }
      client = (await d.clients.get(owner.id))!;
      s.linked.push(client.id);
    }
    record(s, await syncLinkedRow(deps, ds, page, client, source), client.id);
  }

  /** A platform client without a row: one row, created by the pass holding the claim. */
  async function createRow(g: NotionGateway, ds: DataSource, client: ClientRow, s: ClientSyncSummary) {
    if (!(await d.clientNotionLinks.claimRowCreation(client.id))) return;
    // A pass that crashed after creating the row left it behind: find it instead of making a second.
    const [found] = await g.queryAll(ds.id, { property: n.clientId, rich_text: { equals: client.id } }, 1);
    const money = await clientMoneyValues(deps.clientBudget.stats, n, client, d.config.payments.currency);
    const values = {
      ...(client.name && { [n.title]: client.name }),
      [n.email]: client.email,
      [n.notify]: client.notifyOnDone,
    };
    const row = found
      ? { pageId: found.id, editedAt: readClientRow(found, n).lastEditedAt }
      : await createClientRow(g, ds.id, encodeClientProperties(ds.types, { ...values, ...money }));
    await d.clientNotionLinks.link(client.id, row.pageId);
    await d.clientNotionLinks.markSynced(client.id, row.editedAt);
    s.rowsCreated.push(client.id);
  }

  function record(s: ClientSyncSummary, o: Awaited<ReturnType<typeof syncLinkedRow>>, clientId: string) {
    if (o.toPlatform) s.toPlatform.push(clientId);
    if (o.toNotion) s.toNotion.push(clientId);
    if (o.conflict) s.conflicts.push({ clientId, ...o.conflict });
    if (o.moneyWritten) s.moneyWritten++;
  }

  return {
    /**
     * One pass over the Notion Client database (CLIENT_DB_ID) both ways: new rows become clients, new
     * clients get rows, linked pairs converge (see syncLinkedRow). Every step is keyed (page id, Client
     * ID, claim), so a retried or concurrent pass creates nothing twice.
     */
    async syncNotionClients(source: string): Promise<ClientSyncSummary> {
      const s: ClientSyncSummary = {
        enabled: false,
        rows: 0,
        clientsCreated: [],
        rowsCreated: [],
        linked: [],
        toPlatform: [],
        toNotion: [],
        conflicts: [],
        moneyWritten: 0,
        skipped: [],
      };
      const g = deps.notion;
      if (!g || !cfg.clientDbId) return s;
      s.enabled = true;
      try {
        const ds = await g.dataSource(cfg.clientDbId);
        const pages = await g.queryAll(ds.id, undefined, 10_000);
        s.rows = pages.length;
        const byClientId = new Map<string, NotionPage>();
        for (const [i, page] of pages.entries()) {
          heartbeat(i);
          const row = readClientRow(page, n);
          if (!row.clientId) {
            await adoptRow(g, ds, page, s, source);
            continue;
          }
          byClientId.set(row.clientId, page);
          const client = await d.clients.get(row.clientId);
          if (!client) {
            s.skipped.push({ pageId: row.pageId, reason: 'Client ID names no client' });
            continue;
          }
          if (client.notionPageId !== row.pageId && !(await d.clientNotionLinks.link(client.id, row.pageId))) {
            s.skipped.push({ pageId: row.pageId, reason: 'client already has another row' });
            continue;
          }
          record(s, await syncLinkedRow(deps, ds, page, (await d.clients.get(client.id))!, source), client.id);
        }
        for (const client of await d.clientNotionLinks.unlinked()) {
          heartbeat(client.id);
          if (!byClientId.has(client.id)) await createRow(g, ds, client, s);
        }
      } catch (err) {
        throw mapNotionError(err, 'client sync');
      }
      if (s.skipped.length > 0) d.logger.warn({ skipped: s.skipped }, 'Notion client rows skipped');
      return s;
    },
  };
}
