import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The folder with pg_ctl/initdb (Debian's layout, or PATH), or undefined. */
function pgBin(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    for (const v of readdirSync(base).sort().reverse())
      if (existsSync(path.join(base, v, 'bin', 'pg_ctl'))) return path.join(base, v, 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' });
  return which.status === 0 ? path.dirname(which.stdout.trim()) : undefined;
}

/**
 * A throwaway PostgreSQL cluster on a loopback port, as scripts/test-postgres.sh starts one (initdb
 * refuses root, so as the `postgres` user then). Returns undefined when PostgreSQL is not installed.
 */
export function startPostgres(port: number) {
  const bin = pgBin();
  if (!bin) return undefined;
  const root = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) =>
    execFileSync(root ? 'runuser' : cmd, root ? ['-u', 'postgres', '--', cmd, ...args] : args, { stdio: 'ignore' });
  if (root && spawnSync('id', ['postgres']).status !== 0)
    execFileSync('useradd', ['--system', '--no-create-home', 'postgres']);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'echopilot-bench-pg-'));
  chmodSync(dir, 0o755);
  if (root) execFileSync('chown', ['postgres', dir]);
  const data = path.join(dir, 'data');
  run(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
  const start = () =>
    run(path.join(bin, 'pg_ctl'), [
      '-D',
      data,
      '-l',
      path.join(dir, 'server.log'),
      '-o',
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir}`,
      '-w',
      'start',
    ]);
  try {
    start();
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    /** The postmaster's pid (its backends are its children). */
    pid: () => Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]),
    /** Stops the server, keeping its data (an outage); `resume` starts it again on the same port. */
    halt: () => run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', 'stop']),
    resume: start,
    stop() {
      try {
        run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
