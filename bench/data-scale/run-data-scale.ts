/**
 * `npm run bench` data-scale scenario: fills a throwaway PostgreSQL (and, up to 100k tasks, PGlite)
 * ledger to each level through the real schema and migrations, ANALYZEs, then times every admin read
 * route's and routine's queries 20 times per level, printing the fill rate and the load average. Env: BENCH_DATA_LEVELS (10000,100000,1000000),
 * BENCH_DATA_PGLITE_MAX (100000), BENCH_DATA_DAYS (30: the days the tasks are spread over; a longer history,
 * such as 300, puts the same tasks further apart, so each window holds fewer of them).
 */
import os from 'node:os';
import { openDatabase, type Database } from '../../infra/db/open-database';
import { startPostgres } from '../postgres';
import { fillLedger } from './fill-ledger';
import { readPaths, type ReadPathKind } from './read-paths';

const LEVELS = (process.env.BENCH_DATA_LEVELS ?? '10000,100000,1000000').split(',').map(Number);
const PGLITE_MAX = Number(process.env.BENCH_DATA_PGLITE_MAX ?? 100_000);
const DAYS = Number(process.env.BENCH_DATA_DAYS ?? 30);
const REPEATS = 20;
const TARGET_P95: Record<ReadPathKind, number> = { list: 20, aggregate: 100, routine: 100 };

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

async function measure(label: string, database: Database, levels: number[]) {
  const end = new Date();
  const shape = { days: DAYS, end, clients: 50 };
  const table = new Map<
    string,
    { kind: ReadPathKind; byLevel: Map<number, { p50: number; p95: number; max: number }> }
  >();
  let filled = 0;
  for (const level of levels) {
    const t0 = performance.now();
    const phases: string[] = [];
    await fillLedger(database.db, shape, filled, level, (name, s) => phases.push(`${name} ${s.toFixed(1)} s`));
    const secs = (performance.now() - t0) / 1000;
    console.log(
      `  ${label}: ${level.toLocaleString('en')} tasks filled in ${secs.toFixed(1)} s, ` +
        `${Math.round((level - filled) / secs).toLocaleString('en')} tasks/s (${phases.join(', ')}; ` +
        `load average ${os
          .loadavg()
          .map((x) => x.toFixed(1))
          .join(' ')})`,
    );
    filled = level;
    for (const path of await readPaths(database.db, end, level)) {
      await path.run(); // warm: plan cache and buffers, as a running platform has them
      const times: number[] = [];
      for (let i = 0; i < REPEATS; i++) {
        const s = performance.now();
        await path.run();
        times.push(performance.now() - s);
      }
      const row = table.get(path.name) ?? table.set(path.name, { kind: path.kind, byLevel: new Map() }).get(path.name)!;
      row.byLevel.set(level, { p50: pct(times, 50), p95: pct(times, 95), max: Math.max(...times) });
      // Printed as measured too: a long run (10M) that is stopped early keeps the levels it finished.
      console.log(`    ${level}: ${path.name}: p50 ${pct(times, 50).toFixed(2)} / p95 ${pct(times, 95).toFixed(2)} ms`);
    }
  }
  const f = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
  console.log(
    `\n== data scale, ${label}, ${DAYS} days: p50 / p95 / max in ms of ${REPEATS} calls per level; slope = p50 at the largest level ÷ p50 at the smallest`,
  );
  console.log(['read path', ...levels.map((l) => l.toLocaleString('en')), 'slope', 'target p95'].join(' | '));
  for (const [name, row] of table) {
    const cells = levels
      .map((l) => row.byLevel.get(l))
      .map((m) => (m ? `${f(m.p50)} / ${f(m.p95)} / ${f(m.max)}` : '–'));
    const first = row.byLevel.get(levels[0]!)!.p50;
    const last = row.byLevel.get(levels.at(-1)!)!;
    const target = TARGET_P95[row.kind];
    console.log(
      [
        name,
        ...cells,
        `${(last.p50 / first).toFixed(2)}×`,
        `≤ ${target} ms ${last.p95 <= target ? 'met' : 'MISSED'}`,
      ].join(' | '),
    );
  }
}

export async function runDataScale(): Promise<void> {
  const pg = startPostgres(20000 + Math.floor(Math.random() * 20000));
  if (pg) {
    const database = await openDatabase({ kind: 'postgres', url: pg.url });
    try {
      await measure('PostgreSQL', database, LEVELS);
    } finally {
      await database.close();
      pg.stop();
    }
  } else console.log('data scale: PostgreSQL is not installed; PGlite only');
  const database = await openDatabase({ kind: 'pglite' });
  try {
    await measure(
      'PGlite (in memory)',
      database,
      LEVELS.filter((l) => l <= PGLITE_MAX),
    );
  } finally {
    await database.close();
  }
}

if (require.main === module) {
  runDataScale().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
