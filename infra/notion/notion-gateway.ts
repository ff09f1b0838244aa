import type { Client } from '@notionhq/client';
import { joinText, type PropertyTypes, type RichText } from './property-values';

export interface NotionPage {
  id: string;
  url?: string;
  properties: Record<string, Record<string, unknown>>;
}

export interface DataSource {
  id: string;
  /** Property name → Notion type, from the data source schema. */
  types: PropertyTypes;
}

/** Blocks appended per request: Notion accepts at most 100 children per call. */
export const APPEND_BATCH = 100;

/**
 * The few Notion operations the platform uses, on the current API (databases hold data sources).
 * Schemas are cached per process: property names and types rarely change, and each lookup costs a
 * request of the 3/s budget.
 */
export function createNotionGateway(client: Client) {
  const sources = new Map<string, Promise<DataSource>>();

  async function load(databaseId: string): Promise<DataSource> {
    const db = (await client.databases.retrieve({ database_id: databaseId })) as { data_sources?: { id: string }[] };
    const dsId = db.data_sources?.[0]?.id;
    if (!dsId) throw new Error(`Notion database ${databaseId} has no data source`);
    const ds = (await client.dataSources.retrieve({ data_source_id: dsId })) as {
      properties?: Record<string, { type: string }>;
    };
    const types = Object.fromEntries(Object.entries(ds.properties ?? {}).map(([name, p]) => [name, p.type]));
    return { id: dsId, types };
  }

  return {
    client,
    dataSource(databaseId: string): Promise<DataSource> {
      let p = sources.get(databaseId);
      if (!p) {
        p = load(databaseId);
        p.catch(() => sources.delete(databaseId)); // do not cache a failure
        sources.set(databaseId, p);
      }
      return p;
    },

    async queryAll(dataSourceId: string, filter?: unknown, limit = 1000): Promise<NotionPage[]> {
      const pages: NotionPage[] = [];
      let cursor: string | undefined;
      do {
        const res = await client.dataSources.query({
          data_source_id: dataSourceId,
          ...(filter ? { filter: filter as never } : {}),
          ...(cursor ? { start_cursor: cursor } : {}),
          page_size: 100,
        });
        for (const r of res.results) if ('properties' in r) pages.push(r);
        cursor = res.has_more ? (res.next_cursor ?? undefined) : undefined;
      } while (cursor && pages.length < limit);
      return pages;
    },

    async updatePage(pageId: string, properties: Record<string, unknown>): Promise<void> {
      if (Object.keys(properties).length === 0) return;
      await client.pages.update({ page_id: pageId, properties: properties as never });
    },

    async createPage(dataSourceId: string, properties: Record<string, unknown>): Promise<string> {
      const page = await client.pages.create({
        parent: { data_source_id: dataSourceId },
        properties: properties as never,
      });
      return page.id;
    },

    /** Every child block of a page, as `{ id, type, text }`. */
    async listChildren(blockId: string): Promise<{ id: string; type: string; text: string }[]> {
      const out: { id: string; type: string; text: string }[] = [];
      let cursor: string | undefined;
      do {
        const res = await client.blocks.children.list({
          block_id: blockId,
          page_size: 100,
          ...(cursor ? { start_cursor: cursor } : {}),
        });
        for (const b of res.results as { id: string; type: string; [k: string]: unknown }[]) {
          const body = b[b.type] as { rich_text?: RichText[] } | undefined;
          out.push({ id: b.id, type: b.type, text: joinText(body?.rich_text) });
        }
        cursor = res.has_more ? (res.next_cursor ?? undefined) : undefined;
      } while (cursor);
      return out;
    },

    async appendChildren(blockId: string, blocks: unknown[]): Promise<void> {
      for (let i = 0; i < blocks.length; i += APPEND_BATCH) {
        await client.blocks.children.append({
          block_id: blockId,
          children: blocks.slice(i, i + APPEND_BATCH) as never,
        });
      }
    },
  };
}
export type NotionGateway = ReturnType<typeof createNotionGateway>;
