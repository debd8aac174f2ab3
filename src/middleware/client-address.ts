import { getConnInfo } from '@hono/node-server/conninfo';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../api/env.js';

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy, in which case the
 * right-most untrusted address of X-Forwarded-For. (The shield refines the matching of proxies to CIDR ranges.)
 */
export function clientAddress(): MiddlewareHandler<AppEnv> {
  return async function clientAddress(c, next) {
    let ip = '0.0.0.0';
    try {
      ip = getConnInfo(c).remote.address ?? ip;
    } catch {
      // app.request() in unit tests has no socket.
    }
    ip = ip.replace(/^::ffff:/, '');
    const trusted = c.var.ctx.config.trustedProxies;
    if (trusted.length && trusted.includes(ip)) {
      const hops = (c.req.header('x-forwarded-for') ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      while (hops.length && trusted.includes(hops[hops.length - 1]!)) hops.pop();
      if (hops.length) ip = hops[hops.length - 1]!.replace(/^::ffff:/, '');
    }
    c.set('clientIp', ip);
    await next();
  };
}
