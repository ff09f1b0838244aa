import { serve } from '@hono/node-server';
import type { ApiApp } from './app-env';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the app on host:port; resolves once listening (port 0 picks a free port). */
export function listen(app: ApiApp, port: number, host: string): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
      server.off('error', reject);
      const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
      resolve({
        url: `http://${shownHost}:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
    server.once('error', reject);
  });
}
