import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Config } from '../config/config.js';
import { resolveClientIp, trustedMatcher } from '../middleware/client-address.js';
import { addressKeys, normalizeIp } from './ip.js';
import type { Shield } from './shield.service.js';

/**
 * Timeouts for a server exposed to the internet (Node's defaults suit a server behind a proxy that
 * buffers requests), and a cap on concurrent sockets per address. Slow-header sockets are cut at
 * headersTimeout; Node checks its own timeouts only every 30 s, so the first request of each socket
 * gets a timer of its own.
 */
export function connectionHygiene(server: Server, ctx: { config: Config; shield: Shield }): void {
  const shield = ctx.shield;
  const o = shield.options;
  server.headersTimeout = o.headersTimeoutMs;
  server.requestTimeout = o.requestTimeoutMs;
  server.keepAliveTimeout = o.keepAliveTimeoutMs;
  server.maxRequestsPerSocket = 1000;
  // No idle-socket timeout (server.timeout): streaming responses and WebSockets stay quiet for long stretches.

  const trusted = trustedMatcher(ctx.config.trustedProxies);
  const perAddress = new Map<string, number>();
  const awaitingHeaders = new WeakMap<Socket, NodeJS.Timeout>();

  server.on('connection', (socket: Socket) => {
    const ip = normalizeIp(socket.remoteAddress ?? '');
    const key = addressKeys(ip).address;
    if (!trusted.matches(ip)) {
      const n = (perAddress.get(key) ?? 0) + 1;
      if (n > o.maxSocketsPerAddress) {
        shield.metrics.count('blocked', 'sockets');
        socket.destroy();
        return;
      }
      perAddress.set(key, n);
      socket.once('close', () => {
        const left = (perAddress.get(key) ?? 1) - 1;
        if (left <= 0) perAddress.delete(key);
        else perAddress.set(key, left);
      });
    }
    const timer = setTimeout(() => {
      shield.metrics.count('blocked', 'slow-headers');
      socket.destroy();
    }, o.headersTimeoutMs);
    timer.unref();
    awaitingHeaders.set(socket, timer);
    socket.once('close', () => clearTimeout(timer));
  });
  const headersArrived = (req: { socket: Socket }) => {
    const timer = awaitingHeaders.get(req.socket);
    if (timer) {
      clearTimeout(timer);
      awaitingHeaders.delete(req.socket);
    }
  };
  server.on('request', headersArrived);
  server.on('upgrade', headersArrived);

  // WebSocket upgrades never reach the Hono app, so the streaming policy's per-address windows are applied
  // here, synchronously (fixed windows), before the streaming listener (registered after this one) answers.
  const windowsOf = shield.options.policies.streaming.address;
  if (windowsOf.length > 0) {
    const counts = windowsOf.map(() => new Map<string, { slot: number; count: number }>());
    server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
      const peer = normalizeIp(req.socket.remoteAddress ?? '');
      const header = req.headers['x-forwarded-for'];
      const key = addressKeys(resolveClientIp(peer, Array.isArray(header) ? header.join(',') : header, trusted)).address;
      const now = Date.now() / 1000;
      let refused = false;
      windowsOf.forEach((limit, i) => {
        const seen = counts[i]!;
        const slot = Math.floor(now / limit.duration);
        const w = seen.get(key);
        if (!w || w.slot !== slot) {
          if (seen.size > 50_000) seen.clear();
          seen.set(key, { slot, count: 1 });
        } else if (++w.count > limit.points) refused = true;
      });
      if (!refused) return;
      shield.metrics.count('limited', 'streaming');
      shield.metrics.limitedClient(key, addressKeys(peer).prefix);
      socket.end('HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n', () => socket.destroy());
    });
  }
}
