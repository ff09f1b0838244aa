import { NOTION_TEXT_LIMIT } from '../../domain/notion-blocks';

/** Notion property values in and out, by the property's actual type in the data source schema. */

export type PropertyTypes = Record<string, string>;
type Value = string | number | boolean | Date | null | undefined;

const text = (s: string) => [{ type: 'text', text: { content: s.slice(0, NOTION_TEXT_LIMIT) } }];

/** Encodes `value` for a property of `type`; undefined when the type cannot hold it. */
export function encodeProperty(type: string | undefined, value: Value): unknown {
  if (type === undefined) return undefined;
  if (value === undefined) return undefined;
  const str = value instanceof Date ? value.toISOString() : value === null ? '' : String(value);
  switch (type) {
    case 'title':
      return { title: text(str) };
    case 'rich_text':
      return { rich_text: value === null ? [] : text(str) };
    case 'number':
      return { number: value === null || value === '' ? null : Number(value) };
    case 'select':
      return { select: value === null ? null : { name: str.slice(0, 100) } };
    case 'status':
      return value === null ? undefined : { status: { name: str.slice(0, 100) } };
    case 'checkbox':
      return { checkbox: Boolean(value) };
    case 'url':
      return { url: value === null ? null : str };
    case 'date':
      return { date: value === null ? null : { start: str } };
    default:
      return undefined;
  }
}

/** Builds a `properties` object, skipping names the database lacks or types that cannot hold the value. */
export function encodeProperties(types: PropertyTypes, values: Record<string, Value>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const encoded = encodeProperty(types[name], value);
    if (encoded !== undefined) out[name] = encoded;
  }
  return out;
}

export interface RichText {
  plain_text?: string;
  text?: { content?: string };
}
/** The plain text of a rich-text array (property or block). */
export const joinText = (parts: RichText[] | undefined) =>
  (parts ?? []).map((p) => p.plain_text ?? p.text?.content ?? '').join('');

/** A page property as a plain value: text for title/rich_text/select/status/url, number, boolean. */
export function decodeProperty(prop: Record<string, unknown> | undefined): string | number | boolean | null {
  if (!prop) return null;
  switch (prop.type) {
    case 'title':
      return joinText(prop.title as RichText[]);
    case 'rich_text':
      return joinText(prop.rich_text as RichText[]);
    case 'number':
      return (prop.number as number | null) ?? null;
    case 'checkbox':
      return Boolean(prop.checkbox);
    case 'select':
    case 'status':
      return (prop[prop.type] as { name?: string } | null)?.name ?? null;
    case 'url':
    case 'email':
      return (prop[prop.type] as string | null) ?? null;
    default:
      return null;
  }
}
