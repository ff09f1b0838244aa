import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordDevServerPid, stopStaleDevServer } from '../../infra/temporal/stale-dev-server';

/** A long-lived process whose command line reads like `temporal server start-dev --db-filename <db>`. */
function lookalike(...args: string[]): ChildProcess {
  return spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'server', ...args], { stdio: 'ignore' });
}
const exited = (p: ChildProcess) => new Promise((resolve) => p.once('exit', (_c, signal) => resolve(signal)));

describe('the Temporal dev server left behind by a start killed with SIGKILL', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'echopilot-stale-'));
  const db = path.join(dir, 'temporal.db');
  const started: ChildProcess[] = [];
  afterAll(() => {
    for (const p of started) p.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('is stopped by the next start, and its pid file removed', async () => {
    const orphan = lookalike('start-dev', '--db-filename', db);
    started.push(orphan);
    const gone = exited(orphan);
    recordDevServerPid(dir, orphan.pid!);
    expect(await stopStaleDevServer(dir, db)).toBe(orphan.pid);
    expect(await gone).toBe('SIGKILL');
    expect(existsSync(path.join(dir, 'temporal-server.pid'))).toBe(false);
  });

  it('leaves a process alone that is not a dev server over this data folder (a reused pid)', async () => {
    const other = lookalike('start-dev', '--db-filename', path.join(tmpdir(), 'elsewhere', 'temporal.db'));
    started.push(other);
    recordDevServerPid(dir, other.pid!);
    expect(await stopStaleDevServer(dir, db)).toBeUndefined();
    expect(other.exitCode).toBeNull();
    expect(other.signalCode).toBeNull();
    expect(existsSync(path.join(dir, 'temporal-server.pid'))).toBe(false);
  });

  it('does nothing when there is no pid file or it names a dead process', async () => {
    expect(await stopStaleDevServer(dir, db)).toBeUndefined();
    recordDevServerPid(dir, 2 ** 22 + 1); // above Linux's pid_max: never a live process
    expect(await stopStaleDevServer(dir, db)).toBeUndefined();
  });
});
