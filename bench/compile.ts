import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { PROJECT_ROOT } from '../infra/paths';

const SOURCE_DIRS = [
  'domain',
  'infra',
  'activities',
  'workflows',
  'worker',
  'api',
  'schedules',
  'cli',
  'bench',
  'test/fakes',
];

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return tsFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

/**
 * Transpiles the sources to plain CommonJS (file by file, like `npm run build`'s tsc output) under
 * node_modules/.cache, so the benchmark's processes run compiled JavaScript on bare `node`, as the
 * container does, and their memory holds no TypeScript loader. The project root stays the folder
 * above (infra/paths.ts finds package.json walking up), so migrations are found as in production.
 */
export function compileForBench(): string {
  const out = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'echopilot-bench');
  rmSync(out, { recursive: true, force: true });
  buildSync({
    entryPoints: SOURCE_DIRS.flatMap((d) => tsFiles(path.join(PROJECT_ROOT, d))),
    outdir: out,
    outbase: PROJECT_ROOT,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  return out;
}
