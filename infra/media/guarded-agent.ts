import dns, { type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, buildConnector } from 'undici';
import type { AddressPolicy } from './address-policy';

/** A media host resolved to, or connected to, an address the policy refuses. */
export class BlockedAddressError extends Error {
  constructor() {
    super('address not allowed');
    this.name = 'BlockedAddressError';
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * An HTTP agent for media downloads that checks where it really connects: every name is resolved
 * here and refused when any of its addresses is not allowed (a rebinding DNS cannot answer public
 * first and private later: the check is on the addresses the socket then uses), and the socket's
 * peer address is checked again once connected, which also covers IP literals and every redirect.
 */
export function createGuardedAgent(policy: AddressPolicy, connectTimeoutMs: number): Agent {
  const lookup = (hostname: string, options: LookupOptions, callback: LookupCallback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      if (addresses.length === 0 || addresses.some((a) => !policy.allows(hostname, a.address)))
        return callback(new BlockedAddressError(), []);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
  const base = buildConnector({ lookup, timeout: connectTimeoutMs });
  const connect: buildConnector.connector = (opts, callback) => {
    const host = opts.hostname.replace(/^\[(.*)\]$/, '$1');
    if (isIP(host) && !policy.allows(host, host)) return callback(new BlockedAddressError(), null);
    base(opts, (err, socket) => {
      if (err) return callback(err, null);
      const peer = socket.remoteAddress;
      if (!peer || !policy.allows(host, peer)) {
        socket.destroy();
        return callback(new BlockedAddressError(), null);
      }
      callback(null, socket);
    });
  };
  return new Agent({ connect });
}

/** Whether `err` (or one of its causes) is a refused address. */
export function isBlocked(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof BlockedAddressError) return true;
  }
  return false;
}
