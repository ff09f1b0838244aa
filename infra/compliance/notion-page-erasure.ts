import { APIErrorCode, isNotionClientError } from '@notionhq/client';
import type { NotionGateway } from '../notion/notion-gateway';
import { encodeProperties, type PropertyTypes } from '../notion/property-values';

type Cleared = Record<string, string | null>;

const isGone = (err: unknown) => isNotionClientError(err) && err.code === APIErrorCode.ObjectNotFound;

/**
 * Erases one page the platform wrote: its text properties and body first, then the page goes to the
 * trash. Trash alone would be reversible for 30 days (and keeps the text); clearing first is not.
 * A page already in the trash or gone was handled by an earlier try: nothing more to do.
 */
export async function erasePage(
  g: NotionGateway,
  pageId: string,
  properties: Record<string, unknown>,
): Promise<'erased' | 'already'> {
  let page: { in_trash?: boolean; archived?: boolean };
  try {
    page = (await g.client.pages.retrieve({ page_id: pageId })) as typeof page;
  } catch (err) {
    if (isGone(err)) return 'already';
    throw err;
  }
  if (page.in_trash || page.archived) return 'already';
  await g.client.pages.update({
    page_id: pageId,
    properties: properties as never,
    erase_content: true,
  });
  await g.client.pages.update({ page_id: pageId, in_trash: true });
  return 'erased';
}

/** Erases every page of one database; returns how many pages the person had there. */
export async function erasePages(
  g: NotionGateway,
  databaseId: string | undefined,
  pageIds: string[],
  cleared: Cleared,
): Promise<number> {
  if (pageIds.length === 0) return 0;
  // A database no longer configured: the pages still go, only the properties cannot be named.
  const types: PropertyTypes = databaseId ? (await g.dataSource(databaseId)).types : {};
  const properties = encodeProperties(types, cleared);
  for (const id of pageIds) await erasePage(g, id, properties);
  return pageIds.length;
}
