import { BlockList, isIP } from 'node:net';

/**
 * Addresses a media download may not reach unless the operator allows them: loopback, private
 * (RFC 1918, CGNAT, ULA), link-local (cloud metadata at 169.254.169.254 / fd00:ec2::254), and the
 * unspecified, multicast, reserved and documentation ranges. IPv4-mapped IPv6 is checked as IPv4.
 */
const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv6');

const unbracket = (host: string) => host.replace(/^\[(.*)\]$/, '$1');

/** The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:7f00:1` → `127.0.0.1`), else the address as is. */
function unmap(address: string): string {
  const m = /^::ffff:(?:0:)?([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (m) {
    const hi = parseInt(m[1]!, 16);
    const lo = parseInt(m[2]!, 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  const dotted = /^::ffff:(?:0:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return dotted ? dotted[1]! : address;
}

export function isPrivateAddress(address: string): boolean {
  const a = unmap(unbracket(address));
  const family = isIP(a);
  if (family === 0) return true; // not an address at all: never connect to it
  return PRIVATE.check(a, family === 4 ? 'ipv4' : 'ipv6');
}

export interface AddressPolicy {
  /** May a connection for `hostname` (as in the URL) go to `address` (as resolved or connected)? */
  allows(hostname: string, address: string): boolean;
}

/**
 * Public addresses always; private ones only when the URL's host, or the address, is on the
 * operator's allow-list (MEDIA_ALLOWED_HOSTS: host names, IP addresses or CIDR ranges).
 */
export function createAddressPolicy(allowedHosts: readonly string[]): AddressPolicy {
  const names = new Set<string>();
  const ranges = new BlockList();
  for (const raw of allowedHosts) {
    const entry = unbracket(raw.trim().toLowerCase());
    if (!entry) continue;
    const [net, bits] = entry.split('/');
    const family = isIP(net ?? '');
    if (family && bits !== undefined) ranges.addSubnet(net!, Number(bits), family === 4 ? 'ipv4' : 'ipv6');
    else if (family) ranges.addAddress(unmap(entry), family === 4 ? 'ipv4' : 'ipv6');
    else names.add(entry.replace(/\.$/, ''));
  }
  return {
    allows(hostname, address) {
      if (!isPrivateAddress(address)) return true;
      if (names.has(unbracket(hostname.toLowerCase()).replace(/\.$/, ''))) return true;
      const a = unmap(unbracket(address));
      const family = isIP(a);
      return family !== 0 && ranges.check(a, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}
