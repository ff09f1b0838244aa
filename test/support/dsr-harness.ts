import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { expect } from 'vitest';
import type { SmtpFake } from '../fakes/smtp-fake';
import { createTestWorker } from './temporal';
import { adminHeaders } from './test-config';
import { createTestPlatform, type TestPlatform } from './test-platform';

const SECRET = 'dsr-lifecycle-session-secret-01';

/** A platform with a running worker, mail to `smtp`, its own DATA_DIR and the DSR durations in `env`. */
export interface DsrRun {
  p: TestPlatform;
  worker: Worker;
  connection: NativeConnection;
  done: Promise<void>;
  dataDir: string;
}

export async function startDsrRun(smtp: SmtpFake, env: Record<string, string>): Promise<DsrRun> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dsr-flow-'));
  const p = await createTestPlatform({ SESSION_SECRET: SECRET, SMTP_URL: smtp.url, DATA_DIR: dataDir, ...env });
  const { worker, connection } = await createTestWorker(p.taskQueue, p.activities);
  return { p, worker, connection, done: worker.run(), dataDir };
}

export async function stopDsrRun(r: DsrRun): Promise<void> {
  r.worker.shutdown();
  await r.done;
  await r.connection.close();
  await r.p.close();
  rmSync(r.dataDir, { recursive: true, force: true });
}

/** Opens a request through the public route; answers the ticket id. */
export async function openDsr(p: TestPlatform, email: string, type: string, from: string): Promise<string> {
  const res = await p.app.request('/dsr', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Forwarded-For': from },
    body: JSON.stringify({ email, type }),
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { ticketId: string }).ticketId;
}

/** The path and query of the first link in a mail that matches `re`. */
export function linkIn(text: string, re: RegExp): string {
  const m = re.exec(text.replace(/=\r?\n/g, ''));
  if (!m) throw new Error(`no link in: ${text}`);
  const u = new URL(m[0]);
  return u.pathname + u.search;
}

export const CONFIRM_LINK = /https?:\/\/\S+\/dsr\/dsr_[a-z0-9]+\/confirm\?\S+/;

/** An admin POST with a JSON body. */
export const postAs = (p: TestPlatform, url: string, body: unknown, ip: string) =>
  p.app.request(url, { method: 'POST', headers: adminHeaders(ip), body: JSON.stringify(body) });
