import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROJECT_ROOT } from '../../infra/paths';

/** `npm start`'s command (scripts/start.sh) as a child process, the way a user or systemd runs it. */
export interface PlatformProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<NodeJS.Signals | number | null>;
}

/**
 * A platform command as a child process from the project folder, its output captured (the last
 * `keepChars` of it when given: a role that logs every retried query during an outage).
 */
export function spawnCaptured(
  command: string,
  args: string[],
  env: Record<string, string>,
  opts: { ownGroup?: boolean; keepChars?: number } = {},
): PlatformProcess {
  let out = '';
  const child = spawn(command, args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: opts.ownGroup ?? false,
  });
  const keep = (d: unknown) => {
    out += String(d);
    if (opts.keepChars !== undefined && out.length > opts.keepChars) out = out.slice(-opts.keepChars);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  return { child, output: () => out, exited };
}

/**
 * `ownGroup`: the start leads its own process group, so `process.kill(-pid, 'SIGKILL')` ends its whole
 * tree (the CLI, the Temporal server child, everything) in one go, as a power cut or a cgroup OOM kill does.
 */
export function startPlatform(env: Record<string, string>, opts: { ownGroup?: boolean } = {}): PlatformProcess {
  return spawnCaptured('bash', ['scripts/start.sh'], env, opts);
}

/** Waits for /health and the start-up banner (schedules synced): the platform takes work again. */
export async function waitUntilServing(api: string, started: PlatformProcess, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null || started.child.signalCode !== null)
      throw new Error(`start exited early:\n${started.output()}`);
    try {
      const res = await fetch(`${api}/health`);
      if (res.status === 200 && started.output().includes('Press Ctrl-C to stop.')) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`no healthy API at ${api} in time:\n${started.output()}`);
}

/** Every descendant of `pid` (children, grandchildren…), from ps. */
export function descendants(pid: number): number[] {
  let rows: [number, number][];
  try {
    rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => l.trim().split(/\s+/).map(Number) as [number, number]);
  } catch {
    return [];
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [child, parent] of rows) {
      if (parent === p) {
        out.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return out;
}

/** Alive and not a zombie waiting to be reaped. */
export function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) [ZX] /s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
