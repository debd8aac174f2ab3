import { isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../api/env.js';
import { type AddressMatcher, addressMatcher, normalizeIp } from '../shield/ip.js';

// One matcher per configured list, parsed once.
const matchers = new WeakMap<string[], AddressMatcher>();

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy (TRUSTED_PROXIES: addresses
 * or CIDR ranges, IPv4 or IPv6), in which case the right-most address of X-Forwarded-For that is not itself
 * a trusted proxy. Left-most entries are whatever the client claimed, so they are never believed.
 */
export function clientAddress(): MiddlewareHandler<AppEnv> {
  return async function clientAddress(c, next) {
    let ip = '0.0.0.0';
    try {
      ip = getConnInfo(c).remote.address ?? ip;
    } catch {
      // app.request() in unit tests has no socket.
    }
    c.set('clientIp', resolveClientIp(normalizeIp(ip), c.req.header('x-forwarded-for'), trustedMatcher(c.var.ctx.config.trustedProxies)));
    await next();
  };
}

export function trustedMatcher(list: string[]): AddressMatcher {
  let m = matchers.get(list);
  if (!m) {
    m = addressMatcher(list);
    matchers.set(list, m);
  }
  return m;
}

/** The address to believe, given the socket peer and the X-Forwarded-For header. */
export function resolveClientIp(peer: string, forwardedFor: string | undefined, trusted: AddressMatcher): string {
  if (trusted.empty || !trusted.matches(peer) || !forwardedFor) return peer;
  const hops = forwardedFor
    .split(',')
    .map((s) => normalizeIp(s))
    .filter(Boolean);
  while (hops.length && trusted.matches(hops[hops.length - 1]!)) hops.pop();
  const hop = hops[hops.length - 1];
  // A malformed entry is not an address: fall back to the proxy itself rather than trust garbage.
  return hop && isIP(hop) ? hop : peer;
}
