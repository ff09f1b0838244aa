import { extractText, getDocumentProxy } from 'unpdf';

/** Page count and text of each page, read with unpdf (pdf.js): a real PDF parser, not our writer's mirror. */
export async function readPdf(pdf: Buffer | Uint8Array): Promise<{ pages: number; text: string[] }> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { totalPages, text } = await extractText(doc, { mergePages: false });
  return { pages: totalPages, text };
}
