import { execFileSync } from 'node:child_process';
import path from 'node:path';

export interface BuildInfo {
  /** Git commit, with `-dirty` when the work tree has uncommitted changes; `unknown` outside git. */
  buildId: string;
  dirty: boolean;
}

const REPO_ROOT = path.resolve(__dirname, '..');

function git(args: string[]): string {
  return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
}

/**
 * Every operation is tagged with the commit it ran from (the original EchoPilot runbook's "git commit tracking").
 * A container image has no .git: the build passes the commit in ECHOPILOT_BUILD_ID via `fallback`.
 */
export function readBuildInfo(fallback?: string): BuildInfo {
  try {
    const commit = git(['rev-parse', '--short=12', 'HEAD']);
    const dirty = git(['status', '--porcelain', '--untracked-files=no']).length > 0;
    return { buildId: dirty ? `${commit}-dirty` : commit, dirty };
  } catch {
    return { buildId: fallback ?? 'unknown', dirty: false };
  }
}

export class DirtyTreeError extends Error {
  constructor(buildId: string) {
    super(`Refusing to start in production from a dirty work tree (${buildId}): commit or stash your changes first.`);
    this.name = 'DirtyTreeError';
  }
}

/** Production refuses a dirty tree, as the original EchoPilot runbook's "prevents dirty tree execution". */
export function assertRunnableBuild(info: BuildInfo, env: string): void {
  if (env === 'production' && info.dirty) throw new DirtyTreeError(info.buildId);
}
