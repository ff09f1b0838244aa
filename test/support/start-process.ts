import { spawn, type ChildProcess } from 'node:child_process';
import { PROJECT_ROOT } from '../../infra/paths';

/** `npm start` (scripts/start.sh) as a user runs it, its output captured. */
export interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export function startPlatformProcess(env: Record<string, string>): Started {
  let out = '';
  const child = spawn('bash', ['scripts/start.sh'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => (out += String(d)));
  child.stderr.on('data', (d) => (out += String(d)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}
