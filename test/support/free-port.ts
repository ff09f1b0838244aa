import net from 'node:net';

/** Bindable on loopback right now? */
function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** The kernel's pick for port 0: a port from the ephemeral range, as a last resort. */
function kernelPick(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A loopback port that was free a moment ago, from 20000-32767: below Linux's ephemeral range
 * (32768-60999), which every outgoing connection and every "port 0" listener draws from. A port taken
 * from that range can be handed to another socket before the process it was picked for binds it
 * (a platform start takes seconds), and that start then fails with EADDRINUSE.
 */
export async function freePort(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = 20_000 + Math.floor(Math.random() * 12_768);
    if (await bindable(port)) return port;
  }
  return kernelPick();
}
