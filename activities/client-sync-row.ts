import { z } from 'zod';
import { decideContact, type ContactField } from '../domain/client-sync';
import type { ClientRow } from '../infra/db/repositories/clients';
import type { DataSource, NotionPage } from '../infra/notion/notion-gateway';
import {
  encodeClientProperties,
  readClientRow,
  updateClientRow,
  type ClientRowView,
} from '../infra/notion/client-rows';
import { decodeProperty } from '../infra/notion/property-values';
import { clientMoneyValues } from './client-money';
import type { NotionMoneyDeps } from './notion-money-deps';

export interface RowOutcome {
  toPlatform?: ContactField[];
  toNotion?: ContactField[];
  conflict?: { winner: 'platform' | 'notion'; fields: ContactField[] };
  moneyWritten: boolean;
}

const validEmail = (e: string | null) => e !== null && z.email().safeParse(e).success;

/** Writes only the properties whose value differs from the row's (each write costs a request of the 3/s budget). */
function changed(ds: DataSource, page: NotionPage | undefined, values: Record<string, unknown>) {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [name, v] of Object.entries(values)) {
    if (!ds.types[name]) continue;
    const now = page ? decodeProperty(page.properties[name]) : undefined;
    if (now === v || (now === '' && v === null)) continue;
    out[name] = v as string | number | boolean | null;
  }
  return out;
}

/**
 * Brings one linked client and its Notion row together: contact fields by `decideContact`, money
 * fields always from the platform. A conflict is logged and recorded in the audit log (ids and field
 * names only: contact values are personal data).
 */
export async function syncLinkedRow(
  deps: NotionMoneyDeps,
  ds: DataSource,
  page: NotionPage,
  client: ClientRow,
  source: string,
): Promise<RowOutcome> {
  const d = deps.payments;
  const n = deps.notionConfig.properties.clients;
  const row: ClientRowView = readClientRow(page, n);
  const decision = decideContact({
    platform: { name: client.name, email: client.email, notify: client.notifyOnDone },
    notion: { name: row.name, email: validEmail(row.email) ? row.email : null, notify: row.notify },
    platformEditedAt: client.contactUpdatedAt,
    notionEditedAt: row.lastEditedAt,
    notionEditedAtLastSync: client.notionEditedAt,
    lastSyncedAt: client.notionSyncedAt,
  });
  const out: RowOutcome = { moneyWritten: false };
  let current = client;
  if (decision.action === 'to_platform') {
    const f = decision.fields;
    const taken = await d.clientNotionLinks.applyNotionContact(
      client.id,
      {
        ...(f.includes('name') && { name: row.name }),
        ...(f.includes('email') && { email: row.email }),
        ...(f.includes('notify') && { notifyOnDone: row.notify }),
      },
      row.lastEditedAt,
    );
    if (!taken)
      d.logger.warn({ clientId: client.id, pageId: row.pageId }, 'Notion row email belongs to another client');
    else out.toPlatform = f;
    current = (await d.clients.get(client.id)) ?? client;
  }
  if (decision.action !== 'none' && decision.conflict) {
    const winner = decision.action === 'to_notion' ? 'platform' : 'notion';
    out.conflict = { winner, fields: decision.fields };
    d.logger.warn(
      { clientId: client.id, pageId: row.pageId, winner, fields: decision.fields },
      'client edited in Notion and on the platform since the last sync; the later edit wins',
    );
    await d.audit.append({
      actor: 'system:client-sync',
      action: 'client.notion_conflict',
      subject: `client:${client.id}`,
      details: {
        pageId: row.pageId,
        winner,
        fields: decision.fields,
        notionEditedAt: row.lastEditedAt.toISOString(),
        platformEditedAt: client.contactUpdatedAt?.toISOString() ?? null,
        source,
      },
      dedupeKey: `client.notion_conflict:${client.id}:${row.lastEditedAt.toISOString()}:${client.contactUpdatedAt?.toISOString()}`,
    });
  }
  const contact =
    decision.action === 'to_notion'
      ? {
          ...(decision.fields.includes('name') && { [n.title]: current.name }),
          ...(decision.fields.includes('email') && { [n.email]: current.email }),
          ...(decision.fields.includes('notify') && { [n.notify]: current.notifyOnDone }),
        }
      : {};
  const money = await clientMoneyValues(deps.clientBudget.stats, n, current, d.config.payments.currency);
  const writes = changed(ds, page, { ...money, ...contact });
  if (Object.keys(writes).length > 0) {
    const editedAt = await updateClientRow(deps.notion!, row.pageId, encodeClientProperties(ds.types, writes));
    await d.clientNotionLinks.markSynced(client.id, editedAt);
    if (decision.action === 'to_notion') out.toNotion = decision.fields;
    out.moneyWritten = Object.keys(writes).some((k) => k in money);
  } else if (decision.action !== 'to_platform') {
    await d.clientNotionLinks.markSynced(client.id, row.lastEditedAt);
  }
  return out;
}
