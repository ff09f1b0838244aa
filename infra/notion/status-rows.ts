import type { NotionGateway } from './notion-gateway';
import { decodeProperty, encodeProperties } from './property-values';

/** The property that names a row's component; without it the database's title property does. */
export const STATUS_COMPONENT_PROPERTY = 'Component';

export interface StatusRow {
  component: string;
  /** Property name → value; names the database lacks are skipped (a Status database may keep only some). */
  values: Record<string, string | number | Date | null>;
}

export interface StatusWrite {
  created: string[];
  updated: string[];
}

/**
 * Writes one row per component, updated in place: the rows are read once (one request instead of one
 * query per component) and matched by the component property. A component already present is never
 * created again; if people duplicated a row by hand, the oldest one is the one kept current.
 */
export async function upsertStatusRows(g: NotionGateway, databaseId: string, rows: StatusRow[]): Promise<StatusWrite> {
  const ds = await g.dataSource(databaseId);
  const title = Object.entries(ds.types).find(([, type]) => type === 'title')?.[0];
  const key = ds.types[STATUS_COMPONENT_PROPERTY] ? STATUS_COMPONENT_PROPERTY : title;
  if (!key) throw new Error(`Notion Status database ${databaseId} has neither a Component nor a title property`);
  const existing = new Map<string, string>();
  for (const page of await g.queryAll(ds.id)) {
    const name = decodeProperty(page.properties[key]);
    if (typeof name === 'string' && name.trim() && !existing.has(name.trim())) existing.set(name.trim(), page.id);
  }
  const out: StatusWrite = { created: [], updated: [] };
  for (const row of rows) {
    const properties = encodeProperties(ds.types, { ...row.values, [key]: row.component });
    const pageId = existing.get(row.component);
    if (pageId) {
      await g.updatePage(pageId, properties);
      out.updated.push(row.component);
    } else {
      existing.set(row.component, await g.createPage(ds.id, properties));
      out.created.push(row.component);
    }
  }
  return out;
}
