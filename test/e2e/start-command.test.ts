import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port';
import { startPlatformProcess, type Started } from '../support/start-process';

const KEY = 'e2e-dashboard-key-abcdefghijkl';

const start = startPlatformProcess;

async function waitForHealth(url: string, started: Started, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null) throw new Error(`start exited early:\n${started.output()}`);
    try {
      const res = await fetch(`${url}/health`);
      // healthy, and start-up finished (schedules synced, banner printed)
      if (res.status === 200 && started.output().includes('Press Ctrl-C to stop.')) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`no healthy API at ${url} in time:\n${started.output()}`);
}

/** Pids of the Temporal dev server processes started by `pid`. */
const temporalChildPids = (pid: number): number[] => {
  try {
    return execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes('server start-dev'))
      .map((line) => Number.parseInt(line.trim(), 10));
  } catch {
    return [];
  }
};
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the real start command (subprocess)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'echopilot-e2e-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts everything, runs the self-test, stops cleanly, and keeps its data across a restart', async () => {
    const [port, devPort, uiPort, metricsPort, appMetricsPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    const env = {
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      TEMPORAL_DEV_PORT: String(devPort),
      TEMPORAL_UI_PORT: String(uiPort),
      METRICS_PORT: String(metricsPort),
      APP_METRICS_PORT: String(appMetricsPort),
      DASHBOARD_KEY: KEY,
      LOG_LEVEL: 'warn',
    };
    const api = `http://127.0.0.1:${port}`;

    const first = start(env);
    await waitForHealth(api, first);
    expect(first.output()).toContain(`API            ${api}`);
    expect(first.output()).toContain(`Temporal UI    http://127.0.0.1:${uiPort}`);
    const appMetrics = await fetch(`http://127.0.0.1:${appMetricsPort}/metrics`);
    expect(appMetrics.status).toBe(200);
    expect(await appMetrics.text()).toContain('echopilot_queue_depth{status="queued"}');
    expect(first.output()).not.toContain(KEY); // the key from the environment is only hinted at

    const selfTest = await fetch(`${api}/api/self-test`, { method: 'POST', headers: { 'X-Dash-Key': KEY } });
    expect(selfTest.status).toBe(200);
    const body = (await selfTest.json()) as {
      workflowId: string;
      status: string;
      report: { reportId: number; status: string };
    };
    expect(body).toMatchObject({ status: 'completed', report: { status: 'ok' } });
    expect((await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${uiPort}/`)).status).toBe(200);

    const serverPids = temporalChildPids(first.child.pid!);
    expect(serverPids).toHaveLength(1); // the Temporal dev server child
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    for (const pid of serverPids) expect(alive(pid)).toBe(false);

    // Second start on the same data folder: workflow history and database rows are still there.
    const second = start(env);
    try {
      await waitForHealth(api, second);
      const health = (await (await fetch(`${api}/api/system-health`, { headers: { 'X-Dash-Key': KEY } })).json()) as {
        lastProbe: { id: number; workflowId: string };
      };
      expect(health.lastProbe).toMatchObject({ id: body.report.reportId, workflowId: body.workflowId });
      const connection = await Connection.connect({ address: `127.0.0.1:${devPort}` });
      const described = await new Client({ connection }).workflow.getHandle(body.workflowId).describe();
      expect(described.status.name).toBe('COMPLETED');
      await connection.close();
    } finally {
      second.child.kill('SIGINT');
      expect(await second.exited).toBe(0);
    }
  }, 300_000);
});
