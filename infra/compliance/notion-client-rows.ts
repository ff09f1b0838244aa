import type { NotionGateway } from '../notion/notion-gateway';
import { encodeProperty } from '../notion/property-values';
import { erasePage } from './notion-page-erasure';

/** Property names of the Notion Client database (CLIENT_DB_ID) that name the person (NOTION_PROPERTIES `clients`). */
export interface ClientRowProperties {
  name: string;
  email: string;
  clientId: string;
}

const encode = (type: string | undefined, value: string | null) =>
  type === 'email' ? { email: value } : encodeProperty(type, value);

/** The person's rows in the Notion Client database: found by client id or email, corrected or erased. */
export function createNotionClientRows(g: NotionGateway, databaseId: string, p: ClientRowProperties) {
  const source = () => g.dataSource(databaseId);

  return {
    async find(clientIds: string[], emails: string[]): Promise<string[]> {
      const ds = await source();
      const t = ds.types;
      // Filter only on properties the database has (Notion refuses a filter on an unknown one).
      const or = [
        ...(t[p.clientId] ? clientIds.map((id) => ({ property: p.clientId, [t[p.clientId]!]: { equals: id } })) : []),
        ...(t[p.email] ? emails.map((e) => ({ property: p.email, [t[p.email]!]: { equals: e } })) : []),
      ];
      if (or.length === 0) return [];
      const pages = await g.queryAll(ds.id, { or });
      return [...new Set(pages.map((page) => page.id))].sort();
    },
    /** Writes the corrected fields the database has; returns the names of those written. */
    async rectify(pageId: string, changes: { name?: string; email?: string }): Promise<string[]> {
      const { types } = await source();
      const props: Record<string, unknown> = {};
      const fields: string[] = [];
      for (const [field, value] of Object.entries(changes) as ['name' | 'email', string | undefined][]) {
        const encoded = value === undefined ? undefined : encode(types[p[field]], value);
        if (encoded === undefined) continue;
        props[p[field]] = encoded;
        fields.push(field);
      }
      await g.updatePage(pageId, props);
      return fields;
    },
    async erase(pageIds: string[]): Promise<number> {
      const { types } = await source();
      const cleared = { [p.name]: 'Erased', [p.email]: null, [p.clientId]: null };
      const props: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(cleared)) {
        const encoded = encode(types[name], value);
        if (encoded !== undefined) props[name] = encoded;
      }
      for (const id of pageIds) await erasePage(g, id, props);
      return pageIds.length;
    },
  };
}
export type NotionClientRows = ReturnType<typeof createNotionClientRows>;
