/** Long text as Notion blocks: paragraphs per line group, each rich text ≤ 2000 characters. */
export const NOTION_TEXT_LIMIT = 2000;

/** Splits text into pieces of at most `max` characters, preferring line and word boundaries. */
export function chunkText(text: string, max = NOTION_TEXT_LIMIT): string[] {
  const out: string[] = [];
  for (const para of text.split(/\n{2,}/)) {
    let rest = para.trim();
    while (rest.length > max) {
      let cut = rest.lastIndexOf('\n', max);
      if (cut < max / 2) cut = rest.lastIndexOf(' ', max);
      if (cut < max / 2) cut = max;
      out.push(rest.slice(0, cut).trimEnd());
      rest = rest.slice(cut).trimStart();
    }
    if (rest) out.push(rest);
  }
  return out;
}

const richText = (content: string) => [{ type: 'text', text: { content } }];

/** The marker heading that opens a run's result; finding it tells a retry what was already appended. */
export const resultMarker = (taskId: string, run: number) => `EchoPilot result · ${taskId} · run ${run}`;

export function resultBlocks(taskId: string, run: number, text: string): unknown[] {
  return [
    { object: 'block', type: 'heading_2', heading_2: { rich_text: richText(resultMarker(taskId, run)) } },
    ...chunkText(text).map((c) => ({ object: 'block', type: 'paragraph', paragraph: { rich_text: richText(c) } })),
  ];
}
