import { Client } from '@notionhq/client';
import type { Config } from '../config/load-config';

/** The official Notion SDK; undefined when NOTION_TOKEN is not set (Notion is optional). */
export function createNotionClient(notion: Config['notion']): Client | undefined {
  if (!notion.token) return undefined;
  return new Client({ auth: notion.token, baseUrl: notion.baseUrl, timeoutMs: 30_000 });
}
