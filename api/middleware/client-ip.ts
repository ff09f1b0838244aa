import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { cidrMatcher, normalizeIp, type CidrEntry } from '../../infra/net/ip-address';

export interface ClientIpPolicy {
  trustProxy: boolean;
  /** How many proxies stand in front of the API (each appends one X-Forwarded-For entry). */
  trustedProxyHops: number;
  /** When set, hops are walked from the right while they are in these ranges (instead of counting). */
  trustedProxies?: readonly CidrEntry[];
}

/** What the request says about its origin: the socket peer and the X-Forwarded-For chain. */
export interface ForwardedFacts {
  remote?: string;
  forwardedFor?: string;
}

/** Sentinel for "no usable address": one bucket for all of them, never a string the client chose. */
export const UNKNOWN_IP = 'unknown';

/**
 * The caller's address. Entries left of the ones our own proxies appended are written by the client,
 * so the answer is the right-most hop that is not a trusted proxy, and it must parse as an IP address.
 */
export function resolveClientIp(policy: ClientIpPolicy, facts: ForwardedFacts): string {
  const remote = normalizeIp(facts.remote);
  const chain = (facts.forwardedFor ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h.length > 0);
  if (!policy.trustProxy || chain.length === 0) return remote ?? UNKNOWN_IP;
  if (policy.trustedProxies) {
    const trusted = cidrMatcher(policy.trustedProxies);
    // A direct caller outside the proxy ranges wrote its X-Forwarded-For itself.
    if (remote && !trusted(remote)) return remote;
    for (let i = chain.length - 1; i >= 0; i--) {
      const hop = normalizeIp(chain[i]);
      if (!hop) return UNKNOWN_IP; // a malformed hop: nothing left of it can be trusted
      if (!trusted(hop) || i === 0) return hop;
    }
    return UNKNOWN_IP;
  }
  // The N-th proxy from us wrote the entry N places from the right; fewer entries: the left-most is the best known.
  const hop = chain[Math.max(0, chain.length - policy.trustedProxyHops)];
  return normalizeIp(hop) ?? UNKNOWN_IP;
}

function socketAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined; // in-process requests (app.request) have no socket
  }
}

/** The caller's IP per `policy`, read from the request. */
export function clientIpResolver(policy: ClientIpPolicy): (c: Context) => string {
  return (c) => resolveClientIp(policy, { remote: socketAddress(c), forwardedFor: c.req.header('x-forwarded-for') });
}
