/** One line of a reliability table (README "Reliability"). */
export interface ScenarioRow {
  scenario: string;
  tasks: number;
  faults: number;
  finished: number;
  lost: number;
  duplicated: number;
  /** Per fault: milliseconds from the fault until the platform served again. */
  recoverMs: number[];
}

/** A scenario's row plus every broken promise it found, in words (empty = all held). */
export interface ScenarioResult {
  row: ScenarioRow;
  problems: string[];
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function formatTable(rows: ScenarioRow[]): string {
  const head = [
    'scenario',
    'tasks',
    'faults',
    'finished',
    'lost',
    'duplicated effects',
    'time to recover (max / mean)',
  ];
  const body = rows.map((r) => [
    r.scenario,
    String(r.tasks),
    String(r.faults),
    String(r.finished),
    String(r.lost),
    String(r.duplicated),
    r.recoverMs.length
      ? `${s(Math.max(...r.recoverMs))} / ${s(r.recoverMs.reduce((a, b) => a + b, 0) / r.recoverMs.length)}`
      : '-',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}
