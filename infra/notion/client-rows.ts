import type { NotionPropertyNames } from '../../domain/notion-properties';
import type { NotionGateway, NotionPage } from './notion-gateway';
import { decodeProperty, encodeProperties, type PropertyTypes } from './property-values';

type Names = NotionPropertyNames['clients'];
type Value = string | number | boolean | Date | null | undefined;

/** A Client database row as the sync reads it: the contact fields Notion owns, and its edit time. */
export interface ClientRowView {
  pageId: string;
  clientId: string | null;
  name: string | null;
  email: string | null;
  notify: boolean;
  lastEditedAt: Date;
}

const text = (v: string | number | boolean | null) => (typeof v === 'string' && v.trim() ? v.trim() : null);

export function readClientRow(page: NotionPage, n: Names): ClientRowView {
  const p = page.properties;
  const edited = (page as { last_edited_time?: string }).last_edited_time;
  return {
    pageId: page.id,
    clientId: text(decodeProperty(p[n.clientId])),
    name: text(decodeProperty(p[n.title])),
    email: text(decodeProperty(p[n.email]))?.toLowerCase() ?? null,
    notify: decodeProperty(p[n.notify]) === true,
    lastEditedAt: edited ? new Date(edited) : new Date(0),
  };
}

/** Like encodeProperties, plus Notion's `email` type, which the task databases never needed. */
export function encodeClientProperties(types: PropertyTypes, values: Record<string, Value>): Record<string, unknown> {
  const out = encodeProperties(types, values);
  for (const [name, value] of Object.entries(values)) {
    if (types[name] === 'email' && value !== undefined)
      out[name] = { email: value === null || value === '' ? null : String(value) };
  }
  return out;
}

/** Updates a row and answers its new last_edited_time, so the sync does not mistake its own write for a person's. */
export async function updateClientRow(g: NotionGateway, pageId: string, properties: Record<string, unknown>) {
  const page = (await g.client.pages.update({ page_id: pageId, properties: properties as never })) as {
    last_edited_time?: string;
  };
  return page.last_edited_time ? new Date(page.last_edited_time) : new Date();
}

/** Creates a row and answers its id and last_edited_time. */
export async function createClientRow(g: NotionGateway, dataSourceId: string, properties: Record<string, unknown>) {
  const page = (await g.client.pages.create({
    parent: { data_source_id: dataSourceId },
    properties: properties as never,
  })) as { id: string; last_edited_time?: string };
  return { pageId: page.id, editedAt: page.last_edited_time ? new Date(page.last_edited_time) : new Date() };
}
