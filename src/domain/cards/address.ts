import { BlockList, isIP } from 'node:net';

// Addresses a link preview must never reach (SSRF): this host, private networks, link-local, CGNAT, multicast,
// unspecified and reserved ranges, in IPv4 and IPv6. IPv4 written inside IPv6 (mapped, NAT64) is checked as IPv4.
const refused = new BlockList();
for (const [net, prefix] of [
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
  refused.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  // Unspecified, loopback and the deprecated IPv4-compatible addresses.
  ['::', 96],
  ['::ffff:0:0:0', 96],
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
  refused.addSubnet(net, prefix, 'ipv6');

// Never a service's address, whoever configured it: unspecified, multicast and broadcast.
const unusable = new BlockList();
unusable.addSubnet('0.0.0.0', 8, 'ipv4');
unusable.addSubnet('224.0.0.0', 4, 'ipv4');
unusable.addAddress('255.255.255.255', 'ipv4');
unusable.addAddress('::', 'ipv6');
unusable.addSubnet('ff00::', 8, 'ipv6');

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

export interface AddressPolicy {
  /** Tests serve pages from 127.0.0.1: loopback (and only loopback) is then allowed. */
  allowLoopback?: boolean;
  /**
   * A service the operator configured (not a URL from a post) may sit on the same host or a private network:
   * every unicast address is then allowed. Never for link previews.
   */
  allowPrivate?: boolean;
}

/** True when a link preview may connect to this IP address. Anything that is not an IP address is refused. */
export function isAllowedAddress(address: string, policy: AddressPolicy = {}): boolean {
  const ip = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(ip);
  if (family === 0) return false;
  if (family === 6) {
    const embedded = embeddedIpv4(ip);
    if (embedded) return isAllowedAddress(embedded, policy);
  }
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (policy.allowLoopback && loopback.check(ip, type)) return true;
  if (policy.allowPrivate) return !unusable.check(ip, type);
  return !refused.check(ip, type);
}

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) IPv6 address. */
function embeddedIpv4(ip: string): string | null {
  // The URL parser writes IPv6 canonically (lower-case, compressed, dotted quads as hex).
  const canonical = new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  const m = /^(?:::ffff|64:ff9b:):([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (!m) return null;
  const hi = Number.parseInt(m[1]!, 16);
  const lo = Number.parseInt(m[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}
