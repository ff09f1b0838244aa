import { BlockList, isIP } from 'node:net';

/**
 * A textual IP address in canonical form, or undefined for anything else. Accepts what proxies write
 * into X-Forwarded-For: `1.2.3.4`, `1.2.3.4:5678`, `[::1]:80`, `::ffff:1.2.3.4` (IPv4-mapped → IPv4).
 */
export function normalizeIp(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let v = raw.trim();
  if (v.length === 0 || v.length > 64) return undefined;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(v);
  if (bracketed) v = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d{1,5}$/.test(v)) v = v.slice(0, v.lastIndexOf(':'));
  v = v.toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(v);
  if (mapped) v = mapped[1]!;
  return isIP(v) ? v : undefined;
}

export interface CidrEntry {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** `10.0.0.0/8`, `fd00::/8` or a bare address (a /32 or /128); undefined when malformed. */
export function parseCidr(raw: string): CidrEntry | undefined {
  const [addr, prefixText, ...rest] = raw.trim().split('/');
  if (rest.length > 0) return undefined;
  const address = normalizeIp(addr);
  if (!address) return undefined;
  const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
  const max = family === 'ipv4' ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  return prefix <= max ? { address, prefix, family } : undefined;
}

/** A matcher over CIDR entries (node:net BlockList: IPv4 and IPv6, mapped addresses included). */
export function cidrMatcher(entries: readonly CidrEntry[]): (ip: string) => boolean {
  const list = new BlockList();
  for (const e of entries) list.addSubnet(e.address, e.prefix, e.family);
  return (ip) => {
    const n = normalizeIp(ip);
    return !!n && list.check(n, isIP(n) === 4 ? 'ipv4' : 'ipv6');
  };
}
