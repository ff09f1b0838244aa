import type { NotionGateway } from './notion-gateway';

/** Notion caps one rich-text part at 2000 characters; a code block takes one part. */
const PART = 1900;

/** The JSON in code blocks of at most PART characters, split on line ends where it can. */
export function jsonBlocks(value: unknown): unknown[] {
  const text = JSON.stringify(value, null, 2);
  const blocks: unknown[] = [];
  let rest = text;
  while (rest.length > 0) {
    let cut = rest.length <= PART ? rest.length : rest.lastIndexOf('\n', PART);
    if (cut <= 0) cut = Math.min(PART, rest.length);
    const chunk = rest.slice(0, cut);
    rest = rest.slice(cut).replace(/^\n/, '');
    blocks.push({
      object: 'block',
      type: 'code',
      code: { language: 'json', rich_text: [{ type: 'text', text: { content: chunk } }] },
    });
  }
  return blocks;
}

/** The id of the child page of `parentPageId` titled `title`, if there is one. */
async function findChildPage(g: NotionGateway, parentPageId: string, title: string): Promise<string | undefined> {
  let cursor: string | undefined;
  do {
    const res = await g.client.blocks.children.list({
      block_id: parentPageId,
      page_size: 100,
      ...(cursor ? { start_cursor: cursor } : {}),
    });
    for (const b of res.results as { id: string; type: string; child_page?: { title?: string } }[])
      if (b.type === 'child_page' && b.child_page?.title === title) return b.id;
    cursor = res.has_more ? (res.next_cursor ?? undefined) : undefined;
  } while (cursor);
  return undefined;
}

/**
 * A child page under `parentPageId` titled `title` holding `value` as JSON code blocks; answers its id,
 * url and block count. The title names the run, so a retried activity rewrites the page it created
 * instead of adding a second one.
 */
export async function writeConfigBackupPage(g: NotionGateway, parentPageId: string, title: string, value: unknown) {
  const existing = await findChildPage(g, parentPageId, title);
  const page = (
    existing
      ? await g.client.pages.update({ page_id: existing, erase_content: true })
      : await g.client.pages.create({
          parent: { page_id: parentPageId },
          properties: { title: { title: [{ type: 'text', text: { content: title } }] } },
        })
  ) as { id: string; url?: string };
  const blocks = jsonBlocks(value);
  await g.appendChildren(page.id, blocks);
  return { pageId: page.id, url: page.url, blocks: blocks.length };
}
