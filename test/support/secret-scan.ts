import type { temporal } from '@temporalio/proto';

/** Every byte field decoded as UTF-8 text (payload data is JSON inside bytes), so a scan sees what the payload says. */
function decodeBytes(value: unknown, depth = 0): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (depth > 40 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => decodeBytes(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = decodeBytes(v, depth + 1);
  return out;
}

/** A workflow history as JSON text with its payloads, memos, headers and failures decoded. */
export function decodedHistory(history: temporal.api.history.v1.IHistory): string {
  return JSON.stringify(decodeBytes(history.events ?? []));
}

/** Search attributes and the like as scannable JSON, dates and bytes included. */
export const collectStrings = (value: unknown): unknown => decodeBytes(value);

/** `select *` of every table in the current schema, one JSON text per table. */
export async function dumpTables(
  query: (text: string) => Promise<unknown>,
): Promise<{ table: string; rows: number; json: string }[]> {
  const rowsOf = (r: unknown) =>
    (Array.isArray(r) ? r : ((r as { rows?: unknown[] }).rows ?? [])) as Record<string, unknown>[];
  const names = rowsOf(
    await query(
      "select table_schema, table_name from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema') and table_type = 'BASE TABLE'",
    ),
  );
  const out: { table: string; rows: number; json: string }[] = [];
  for (const n of names) {
    const table = `"${String(n.table_schema)}"."${String(n.table_name)}"`;
    const rows = rowsOf(await query(`select * from ${table}`));
    out.push({
      table,
      rows: rows.length,
      json: JSON.stringify(decodeBytes(rows), (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)),
    });
  }
  return out;
}

/** Each (source, secret) pair where the secret's value occurs, with how often. */
export function countHits(sources: Record<string, string>, secrets: [name: string, value: string][]): string[] {
  const hits: string[] = [];
  for (const [source, text] of Object.entries(sources)) {
    for (const [name, value] of secrets) {
      const n = text.split(value).length - 1;
      if (n > 0) hits.push(`${name} in ${source} (${n}×)`);
    }
  }
  return hits;
}
