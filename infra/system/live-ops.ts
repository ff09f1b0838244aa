import { existsSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface LiveOpsSample {
  cpu: { cores: number; loadAvg: [number, number, number]; processPct: number; systemPct: number };
  memory: {
    totalBytes: number;
    freeBytes: number;
    usedPct: number;
    process: { rssBytes: number; heapUsedBytes: number };
  };
  disk: { path: string; totalBytes: number; freeBytes: number; usedPct: number } | null;
  uptimeSeconds: { process: number; system: number };
}

const pct = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);

function cpuTimes() {
  let idle = 0;
  let total = 0;
  for (const c of os.cpus()) {
    idle += c.times.idle;
    total += c.times.idle + c.times.user + c.times.nice + c.times.sys + c.times.irq;
  }
  return { idle, total };
}

/** The nearest existing folder of `p` (the data folder may not exist yet). */
function existing(p: string): string {
  let dir = path.resolve(p);
  while (!existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/**
 * The original EchoPilot runbook's sys probe (CPU / memory / disk) for `GET /api/live-ops`. CPU use is measured over a short
 * interval, system-wide and for this process.
 */
export function createLiveOps(opts: { dataDir: string; sampleMs?: number }) {
  const sampleMs = opts.sampleMs ?? 200;
  return async function sample(): Promise<LiveOpsSample> {
    const cpuBefore = cpuTimes();
    const procBefore = process.cpuUsage();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, sampleMs));
    const elapsedUs = (performance.now() - t0) * 1000;
    const proc = process.cpuUsage(procBefore);
    const cpuAfter = cpuTimes();
    const busy = cpuAfter.total - cpuBefore.total - (cpuAfter.idle - cpuBefore.idle);
    const cores = os.cpus().length || 1;

    const diskPath = existing(opts.dataDir);
    let disk: LiveOpsSample['disk'] = null;
    try {
      const s = await statfs(diskPath);
      const total = s.blocks * s.bsize;
      const free = s.bavail * s.bsize;
      disk = { path: diskPath, totalBytes: total, freeBytes: free, usedPct: pct(total - free, total) };
    } catch {
      // statfs unsupported on this platform: disk stays null
    }
    const mem = process.memoryUsage();
    const [l1, l5, l15] = os.loadavg();
    return {
      cpu: {
        cores,
        loadAvg: [l1 ?? 0, l5 ?? 0, l15 ?? 0].map((v) => Math.round(v * 100) / 100) as [number, number, number],
        processPct: pct(proc.user + proc.system, elapsedUs * cores),
        systemPct: pct(busy, cpuAfter.total - cpuBefore.total),
      },
      memory: {
        totalBytes: os.totalmem(),
        freeBytes: os.freemem(),
        usedPct: pct(os.totalmem() - os.freemem(), os.totalmem()),
        process: { rssBytes: mem.rss, heapUsedBytes: mem.heapUsed },
      },
      disk,
      uptimeSeconds: { process: Math.round(process.uptime()), system: Math.round(os.uptime()) },
    };
  };
}
