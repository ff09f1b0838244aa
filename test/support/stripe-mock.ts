import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const STRIPE_MOCK_HINT =
  'stripe-mock is not installed: run `bash scripts/ensure-stripe-mock.sh` (go install github.com/stripe/stripe-mock@latest into .tools/bin) or set STRIPE_MOCK_PATH.';

/** STRIPE_MOCK_PATH, then `stripe-mock` on PATH, then the project's .tools/bin (scripts/ensure-stripe-mock.sh). */
export function findStripeMock(): string | undefined {
  const candidates = [
    process.env.STRIPE_MOCK_PATH,
    ...(process.env.PATH ?? '')
      .split(path.delimiter)
      .filter(Boolean)
      .map((d) => path.join(d, 'stripe-mock')),
    path.resolve(__dirname, '../../.tools/bin/stripe-mock'),
  ];
  return candidates.find((c): c is string => !!c && existsSync(c));
}

/** Starts stripe-mock on a loopback port the OS picks; resolves with its base URL once it listens. */
export async function startStripeMock(): Promise<{ url: string; stop(): Promise<void> }> {
  const bin = findStripeMock();
  if (!bin) throw new Error(STRIPE_MOCK_HINT);
  const child: ChildProcess = spawn(bin, ['-http-addr', '127.0.0.1:0', '-https-addr', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Listening for HTTP at address: ([\d.]+:\d+)/.exec(out);
      if (m) resolve(`http://${m[1]}`);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`stripe-mock exited (${code}) before listening:\n${out}`)));
    setTimeout(() => reject(new Error(`stripe-mock did not start within 20 s:\n${out}`)), 20_000).unref();
  });
  child.stdout!.resume();
  child.stderr!.resume();
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
