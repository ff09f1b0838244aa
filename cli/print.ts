/** Output of the CLI's listings: aligned columns for people, `--json` for scripts. */
export function printJson(value: unknown): void {
  console.log(JSON.stringify(value, null, 2));
}

/** Columns padded to their widest cell; cells longer than `max` are cut with an ellipsis. */
export function printTable(headers: string[], rows: (string | number | null | undefined)[][], max = 48): void {
  const cells = [headers, ...rows.map((r) => r.map((v) => cut(v == null ? '-' : String(v), max)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  for (const r of cells) console.log(r.map((v, i) => (i === r.length - 1 ? v : v.padEnd(widths[i]!))).join('  '));
}

const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** `key   value` lines, for `show` commands. */
export function printFields(fields: [string, unknown][]): void {
  const width = Math.max(...fields.map(([k]) => k.length));
  for (const [k, v] of fields) console.log(`${k.padEnd(width)}  ${fieldText(v)}`);
}

function fieldText(v: unknown): string {
  if (v == null || v === '') return '-';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return v.toString();
  return JSON.stringify(v) ?? '-';
}
