import { setTimeout as sleep } from 'node:timers/promises';
import { restartBudget, type RestartBudget } from '../system/restart-budget';
import { startDevServer, type DevServer, type DevServerOptions } from './dev-server';

export interface DevServerSupervision {
  /** Told when the server died and when it is back (the caller's logger). */
  onNotice: (message: string) => void;
  /** The server kept dying: the process should stop and exit non-zero. */
  onGiveUp: (err: Error) => void;
  budget?: RestartBudget;
}

/**
 * The embedded Temporal dev server, started again on the same SQLite file and port when it dies on its
 * own (OOM killer, a crash). The worker and the API reconnect by themselves once the port answers again,
 * and every workflow carries on from its history. `stop()` / `killNow()` act on the server running now.
 */
export async function startSupervisedDevServer(opts: DevServerOptions, s: DevServerSupervision): Promise<DevServer> {
  const budget = s.budget ?? restartBudget();
  let server = await startDevServer(opts);
  let stopping = false;

  const restart = async (how: string) => {
    for (let reason = how; !stopping;) {
      const delayMs = budget.next();
      if (delayMs === undefined) {
        s.onGiveUp(new Error(`Temporal dev server ${reason} and keeps failing; see ${server.logFile}`));
        return;
      }
      s.onNotice(`Temporal dev server ${reason}; starting it again in ${delayMs} ms`);
      await sleep(delayMs);
      if (stopping) return;
      try {
        const next = await startDevServer(opts);
        if (stopping) {
          await next.stop();
          return;
        }
        server = next;
        watch(next);
        s.onNotice(`Temporal dev server running again (pid ${next.pid})`);
        return;
      } catch (err) {
        reason = err instanceof Error ? err.message : String(err);
      }
    }
  };
  const watch = (running: DevServer) =>
    void running.exited.then((how) => {
      if (!stopping && running === server) void restart(how);
    });
  watch(server);

  return {
    address: server.address,
    uiUrl: server.uiUrl,
    logFile: server.logFile,
    get pid() {
      return server.pid;
    },
    get exited() {
      return server.exited;
    },
    async stop() {
      stopping = true;
      await server.stop();
    },
    killNow() {
      stopping = true;
      server.killNow();
    },
  };
}
