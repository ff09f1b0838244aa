import { existsSync } from 'node:fs';
import path from 'node:path';

/** The folder holding package.json, from source (tsx) and from the compiled dist/ alike. */
function findProjectRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findProjectRoot(__dirname);
export const TOOLS_DIR = path.join(PROJECT_ROOT, '.tools');
export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'infra', 'db', 'migrations');
export const WORKFLOW_BUNDLE_PATH = path.join(PROJECT_ROOT, 'dist', 'workflow-bundle.js');
