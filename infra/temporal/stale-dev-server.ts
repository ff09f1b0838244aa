import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * `echopilot start` killed with SIGKILL (the OOM killer, `kill -9`) runs no exit handler, so its Temporal
 * dev server child lives on, holding the port and the SQLite file: the next start refused with "port in
 * use" and needed a manual `kill`. The server's pid is kept in the data folder; a start that finds that
 * process still alive, and still a dev server over this folder's temporal.db, stops it first.
 */
const pidFile = (dataDir: string) => path.join(dataDir, 'temporal-server.pid');

export function recordDevServerPid(dataDir: string, pid: number): void {
  writeFileSync(pidFile(dataDir), `${pid}\n`, { mode: 0o600 });
}

export function forgetDevServerPid(dataDir: string): void {
  rmSync(pidFile(dataDir), { force: true });
}

/** The process's command line, or undefined when it is gone or cannot be read (no /proc: not Linux). */
function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return undefined;
  }
}

/** Alive and not a zombie (an orphan whose new parent does not reap it still has a pid). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX] /s.test(stat);
  } catch {
    return false;
  }
}

/**
 * Stops the dev server a crashed start left behind over `dbFile`; returns its pid, or undefined when
 * there was none. A pid reused by an unrelated process is left alone (its command line differs).
 */
export async function stopStaleDevServer(
  dataDir: string,
  dbFile: string,
  timeoutMs = 10_000,
): Promise<number | undefined> {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(pidFile(dataDir), 'utf8'), 10);
  } catch {
    return undefined;
  }
  const cmd = Number.isInteger(pid) && pid > 0 ? commandLine(pid) : undefined;
  if (!cmd || !cmd.includes('start-dev') || !cmd.includes(dbFile) || !running(pid)) {
    forgetDevServerPid(dataDir);
    return undefined;
  }
  // SIGKILL, not SIGTERM: SQLite in WAL mode survives it (as after a power cut) and the restart is not delayed.
  process.kill(pid, 'SIGKILL');
  const deadline = Date.now() + timeoutMs;
  while (running(pid)) {
    if (Date.now() > deadline)
      throw new Error(`The Temporal dev server left by a previous start (pid ${pid}) did not stop`);
    await sleep(50);
  }
  forgetDevServerPid(dataDir);
  return pid;
}
