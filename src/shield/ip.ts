import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** Strips IPv4-mapped IPv6 (::ffff:1.2.3.4), zone ids and brackets, so one client has one spelling. */
export function normalizeIp(raw: string): string {
  let ip = raw.trim();
  if (ip.startsWith('[') && ip.includes(']')) ip = ip.slice(1, ip.indexOf(']'));
  const zone = ip.indexOf('%');
  if (zone >= 0) ip = ip.slice(0, zone);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  return isIPv6(ip) ? compressIpv6(expandIpv6(ip)) : ip;
}

/** RFC 5952 text: no leading zeros, the longest run of two or more zero groups as "::". */
function compressIpv6(groups: string[]): string {
  const g = groups.map((x) => x.replace(/^0+(?=.)/, ''));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return g.join(':');
  return `${g.slice(0, best).join(':')}::${g.slice(best + bestLen).join(':')}`;
}

/** The eight 16-bit groups of an IPv6 address, as four-digit lower-case hex. */
export function expandIpv6(ip: string): string[] {
  let text = ip.toLowerCase();
  // An embedded IPv4 tail (::1.2.3.4) becomes two groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const b = v4[1]!.split('.').map(Number);
    text = `${text.slice(0, -v4[1]!.length)}${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((g) => g.padStart(4, '0'));
}

/**
 * The keys a client is limited by: its address (IPv4 /32, IPv6 /64, since one IPv6 host is handed a
 * whole /64) and, for IPv4, its /24 (one household, office or small hosting block).
 */
export function addressKeys(ip: string): { address: string; prefix: string | null; family: 4 | 6 } {
  if (isIPv4(ip)) return { address: ip, prefix: `${ip.split('.').slice(0, 3).join('.')}.0/24`, family: 4 };
  if (isIPv6(ip)) return { address: `${compressIpv6([...expandIpv6(ip).slice(0, 4), '0', '0', '0', '0'])}/64`, prefix: null, family: 6 };
  return { address: ip, prefix: null, family: 4 };
}

/** The network a clearance is bound to: the /24 (IPv4) or /64 (IPv6). */
export function clearanceNetwork(ip: string): string {
  const k = addressKeys(ip);
  return k.prefix ?? k.address;
}

export interface AddressMatcher {
  matches(ip: string): boolean;
  readonly empty: boolean;
}

/** Matches addresses against a list of addresses and CIDR ranges ("10.0.0.0/8, fd00::/8, 127.0.0.1"). */
export function addressMatcher(entries: string[]): AddressMatcher {
  const list = new BlockList();
  let count = 0;
  for (const entry of entries) {
    const [addr, bits] = entry.trim().split('/') as [string, string | undefined];
    const ip = normalizeIp(addr);
    const type = isIPv4(ip) ? 'ipv4' : isIPv6(ip) ? 'ipv6' : null;
    if (!type) throw new Error(`TRUSTED_PROXIES: "${entry}" is not an address or CIDR range`);
    if (bits === undefined) list.addAddress(ip, type);
    else {
      const n = Number(bits);
      if (!Number.isInteger(n) || n < 0 || n > (type === 'ipv4' ? 32 : 128)) throw new Error(`TRUSTED_PROXIES: bad prefix length in "${entry}"`);
      list.addSubnet(ip, n, type);
    }
    count++;
  }
  return {
    empty: count === 0,
    matches(raw) {
      if (!count) return false;
      const ip = normalizeIp(raw);
      if (isIPv4(ip)) return list.check(ip, 'ipv4');
      if (isIPv6(ip)) return list.check(ip, 'ipv6');
      return false;
    },
  };
}

export function isLoopback(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1';
}
