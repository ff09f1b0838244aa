import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');

/** Runtime (non-`import type`) specifiers of a TypeScript file. */
function runtimeImports(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm))
    out.push(m[1]!);
  return out;
}

/** Every file and package the workflow bundle pulls in, following relative imports from workflows/index.ts. */
function workflowGraph(): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of runtimeImports(file)) {
      if (!spec.startsWith('.')) {
        packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
        continue;
      }
      const base = path.resolve(path.dirname(file), spec);
      const target = [`${base}.ts`, path.join(base, 'index.ts')].find(existsSync);
      if (target) visit(target);
    }
  };
  visit(path.join(ROOT, 'workflows', 'index.ts'));
  return { files, packages };
}

describe('workflow bundle imports', () => {
  // With the reusable V8 context every module of the bundle is evaluated again for each workflow, so a
  // library such as zod tripled the memory of an open workflow (1 MB → 0.3 MB, docs/benchmarks.md).
  it('pulls in only the Temporal workflow packages, nothing heavier', () => {
    const { files, packages } = workflowGraph();
    expect(files.size).toBeGreaterThan(10);
    expect([...packages].sort()).toEqual(['@temporalio/common', '@temporalio/workflow']);
  });

  // WORKFLOW_BUNDLE_OPTIONS preloads these modules once and shares them (frozen) among all workflows:
  // module-level mutable state would then leak from one workflow into another.
  it('keeps no mutable state at module level (the modules are shared between workflows)', () => {
    const offenders = [...workflowGraph().files].flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => /^(export\s+)?(let|var)\s/.test(line))
        .map((line) => `${path.relative(ROOT, file)}: ${line}`),
    );
    expect(offenders).toEqual([]);
  });
});
