import { restartBudget, restartWithin, type RestartBudget } from '../system/restart-budget';
import { startDevServer, type DevServer, type DevServerOptions } from './dev-server';

/** How a start failed: an exit (`exited with SIGKILL`) or a start-up error's message. */
const reasonOf = (failure: unknown) => (failure instanceof Error ? failure.message : String(failure));

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
  const stopping = new AbortController();

  const restart = async (how: string) => {
    const next = await restartWithin(budget, how, {
      start: () => startDevServer(opts),
      onPause: (failure, delayMs) =>
        s.onNotice(`Temporal dev server ${reasonOf(failure)}; starting it again in ${delayMs} ms`),
      signal: stopping.signal,
    });
    if (next === 'stopped') return;
    if ('gaveUp' in next) {
      s.onGiveUp(new Error(`Temporal dev server ${reasonOf(next.gaveUp)} and keeps failing; see ${server.logFile}`));
      return;
    }
    if (stopping.signal.aborted) {
      await next.started.stop(); // started while the process was stopping
      return;
    }
    server = next.started;
    watch(server);
    s.onNotice(`Temporal dev server running again (pid ${server.pid})`);
  };
  const watch = (running: DevServer) =>
    void running.exited.then((how) => {
      if (!stopping.signal.aborted && running === server) void restart(how);
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
      stopping.abort();
      await server.stop();
    },
    killNow() {
      stopping.abort();
      server.killNow();
    },
  };
}
