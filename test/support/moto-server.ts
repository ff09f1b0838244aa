import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { freePort } from './free-port';

export const MOTO_HINT =
  "moto's server is not installed: run `bash scripts/ensure-moto.sh` (moto[server] from PyPI into .tools/moto) or set MOTO_SERVER_PATH.";

/** MOTO_SERVER_PATH (scripts/test.sh sets it), then the project's .tools/moto (scripts/ensure-moto.sh). */
export function findMotoServer(): string | undefined {
  return [process.env.MOTO_SERVER_PATH, path.resolve(__dirname, '../../.tools/moto/bin/moto_server')].find(
    (c): c is string => !!c && existsSync(c),
  );
}

export interface MotoServer {
  endpoint: string;
  /** A client with the same (any) credentials moto accepts, for arranging and inspecting the bucket. */
  client: S3Client;
  createBucket(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** moto in server mode on a free loopback port: a real S3-compatible HTTP server, one per test file. */
export async function startMotoServer(credentials = { accessKeyId: 'test-key-id', secretAccessKey: 'test-secret' }) {
  const bin = findMotoServer();
  if (!bin) throw new Error(MOTO_HINT);
  const port = await freePort();
  const child = spawn(bin, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  // A test file that dies before its afterAll still leaves no server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited (${child.exitCode}) before listening:\n${out}`);
    const up = await fetch(`${endpoint}/moto-api/`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto_server did not answer within 60 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials });
  const server: MotoServer = {
    endpoint,
    client,
    async createBucket(name) {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    },
    stop: () =>
      new Promise<void>((resolve) => {
        client.destroy();
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
  return server;
}
