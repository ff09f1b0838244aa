import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { searchAttributeCliArgs } from '../../domain/search-attributes';
import { removeEmptyTemporalDb } from './empty-temporal-db';
import { forgetDevServerPid, recordDevServerPid, stopStaleDevServer } from './stale-dev-server';

export interface DevServerOptions {
  cliPath: string;
  dataDir: string;
  port: number;
  uiPort: number;
  namespace: string;
  /** Extra `--sqlite-pragma NAME=VALUE` settings (benchmark experiments). */
  sqlitePragmas?: string[];
  /** Extra `--dynamic-config-value KEY=JSON` settings (benchmark experiments). */
  dynamicConfig?: Record<string, unknown>;
  /** Codec server URL for the Web UI (`--ui-codec-endpoint`): decoded payloads in the browser. */
  uiCodecEndpoint?: string;
  /** Readiness deadline; the first start of a fresh SQLite file takes a few seconds. */
  startTimeoutMs?: number;
  /** Told about what the start repaired or retried (the caller's logger). */
  onNotice?: (message: string) => void;
}

export interface DevServer {
  address: string;
  uiUrl: string;
  pid: number;
  logFile: string;
  /** Settles when the server process ends, however it ends, with how (`exited with SIGKILL`). */
  exited: Promise<string>;
  stop(): Promise<void>;
  /** Synchronous last resort for process exit handlers. */
  killNow(): void;
}

export function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => socket.end(() => resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Waits for the child to exit; after `graceMs`, kills it hard. */
async function waitForExit(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Server settings for the embedded single-node server (see README "Benchmarks" for what each buys). */
/**
 * Task priorities and Task Queue Fairness need the new matching engine. Both hold within one task queue
 * partition only; a single-node server gains nothing from the default four, so each queue keeps one and
 * priority and fairness hold across the whole queue.
 */
export const DEV_SERVER_DYNAMIC_CONFIG: Record<string, unknown> = {
  'matching.useNewMatcher': true,
  'matching.enableFairness': true,
  'matching.numTaskqueueReadPartitions': 1,
  'matching.numTaskqueueWritePartitions': 1,
};
export const DEV_SERVER_SQLITE_PRAGMAS: string[] = [];

/** Start-up attempts: a start can die on a port another process took meanwhile, or before the schema. */
const START_ATTEMPTS = 3;

/** The last lines the server wrote since `from`, with the codec endpoint (it carries a token) blanked. */
function logTail(logFile: string, from: number, secret?: string): string {
  const text = readFileSync(logFile, 'utf8').slice(from);
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-3)
    .map((l) => (secret ? l.replaceAll(secret, '[codec endpoint]') : l).slice(0, 400));
  return lines.length ? `: ${lines.join(' | ')}` : '';
}

function devServerArgs(opts: DevServerOptions, dbFile: string): string[] {
  return [
    'server',
    'start-dev',
    '--db-filename',
    dbFile,
    '--sqlite-pragma',
    'journal_mode=WAL',
    '--sqlite-pragma',
    'synchronous=NORMAL',
    ...[...DEV_SERVER_SQLITE_PRAGMAS, ...(opts.sqlitePragmas ?? [])].flatMap((p) => ['--sqlite-pragma', p]),
    '--ip',
    '127.0.0.1',
    '--port',
    String(opts.port),
    '--ui-port',
    String(opts.uiPort),
    '--namespace',
    opts.namespace,
    '--log-format',
    'json',
    '--log-level',
    'warn',
    ...(opts.uiCodecEndpoint ? ['--ui-codec-endpoint', opts.uiCodecEndpoint] : []),
    ...searchAttributeCliArgs(),
    ...Object.entries({ ...DEV_SERVER_DYNAMIC_CONFIG, ...opts.dynamicConfig }).flatMap(([k, v]) => [
      '--dynamic-config-value',
      `${k}=${JSON.stringify(v)}`,
    ]),
  ];
}

/** One launch: the child once its port answers, or why it exited first (its log's last lines). */
async function launch(
  opts: DevServerOptions,
  dbFile: string,
  logFile: string,
): Promise<{ child: ChildProcess } | { exited: string }> {
  const from = statSync(logFile, { throwIfNoEntry: false })?.size ?? 0;
  const out = openSync(logFile, 'a');
  const child = spawn(opts.cliPath, devServerArgs(opts, dbFile), { stdio: ['ignore', out, out] });
  closeSync(out);
  if (child.pid) recordDevServerPid(opts.dataDir, child.pid);
  let exitInfo: string | undefined;
  child.once('exit', (code, signal) => (exitInfo = `exited with ${signal ?? code}`));
  const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
  while (!(await portOpen(opts.port))) {
    if (exitInfo) return { exited: `${exitInfo} during start-up${logTail(logFile, from, opts.uiCodecEndpoint)}` };
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Temporal dev server did not open port ${opts.port} in time; see ${logFile}`);
    }
    await sleep(100);
  }
  return { child };
}

/**
 * Launches `temporal server start-dev` as a child process: SQLite file in WAL mode under the data
 * folder (so restarts keep every workflow), Web UI, and the platform's custom search attributes.
 */
export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  const dbFile = path.join(opts.dataDir, 'temporal.db');
  // Left by a start killed with SIGKILL. A multi-threaded process shows as a zombie while its other
  // threads still hold its sockets, so the port, not the process state, says when it is gone.
  if (await stopStaleDevServer(opts.dataDir, dbFile)) {
    const deadline = Date.now() + 10_000;
    while ((await portOpen(opts.port)) && Date.now() < deadline) await sleep(50);
  }
  if (await portOpen(opts.port)) {
    throw new Error(
      `Port ${opts.port} is already in use: another Temporal server is running. Stop it, set TEMPORAL_ADDRESS=127.0.0.1:${opts.port} to use it, or set TEMPORAL_DEV_PORT.`,
    );
  }
  mkdirSync(opts.dataDir, { recursive: true });
  const logFile = path.join(opts.dataDir, 'temporal-server.log');
  let child: ChildProcess | undefined;
  for (let attempt = 1; !child; attempt++) {
    // A file with no table in it was left by a start that died before the schema: it holds nothing.
    if (removeEmptyTemporalDb(dbFile)) opts.onNotice?.(`removed ${dbFile}: it held no table (a start that died early)`);
    const result = await launch(opts, dbFile, logFile);
    if ('child' in result) child = result.child;
    else if (attempt >= START_ATTEMPTS) throw new Error(`Temporal dev server ${result.exited}; see ${logFile}`);
    else opts.onNotice?.(`Temporal dev server ${result.exited}; starting it again`);
  }
  const server = child;
  const exited = new Promise<string>((resolve) => {
    if (server.exitCode !== null || server.signalCode !== null)
      resolve(`exited with ${server.signalCode ?? server.exitCode}`);
    else server.once('exit', (code, signal) => resolve(`exited with ${signal ?? code}`));
  });
  return {
    exited,
    address: `127.0.0.1:${opts.port}`,
    uiUrl: `http://127.0.0.1:${opts.uiPort}`,
    pid: server.pid!,
    logFile,
    async stop() {
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
      await waitForExit(server, 10_000);
      forgetDevServerPid(opts.dataDir);
    },
    killNow() {
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
      forgetDevServerPid(opts.dataDir);
    },
  };
}
