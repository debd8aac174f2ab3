import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';
import type { AppEnv } from './api/env.js';
import { createApp } from './app.js';
import type { AppContext } from './context.js';
import { compressingServer } from './http-compression.js';

export interface RunningServer {
  url: string;
  port: number;
  app: Hono<AppEnv>;
  /** Closes at once: connections in flight are cut (tests). */
  close(): Promise<void>;
  /**
   * Graceful: stops accepting connections, lets requests in flight finish (each answer closes its connection),
   * closes idle keep-alive connections, and after `timeoutMs` cuts whatever is left. Resolves with how many
   * connections had to be cut.
   */
  drain(timeoutMs: number): Promise<{ cut: number }>;
}

export async function startServer(ctx: AppContext, opts: { port?: number; host?: string } = {}): Promise<RunningServer> {
  const app = createApp(ctx);
  const host = opts.host ?? ctx.config.host;
  const server = await new Promise<import('node:http').Server>((resolve, reject) => {
    // A deep accept queue (the shield): a connection flood must not crowd out real clients' new sockets.
    const s = createAdaptorServer({ fetch: app.fetch, createServer: compressingServer }) as import('node:http').Server;
    s.listen({ port: opts.port ?? ctx.config.port, host, backlog: 4096 }, () => resolve(s));
    s.once('error', reject);
  });
  let draining = false;
  // Once draining, every answer says `Connection: close` (those being prepared too), so a keep-alive client does
  // not send another request on a connection about to close.
  const answering = new Set<import('node:http').ServerResponse>();
  server.on('request', (_req, res) => {
    if (draining) res.shouldKeepAlive = false;
    answering.add(res);
    res.once('close', () => answering.delete(res));
  });
  for (const hook of ctx.serverHooks) hook(server);
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    port,
    app,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
    drain: (timeoutMs) =>
      new Promise((resolve) => {
        draining = true;
        for (const res of answering) if (!res.headersSent) res.shouldKeepAlive = false;
        let cut = 0;
        // Requests already being answered keep their connection alive: close each as soon as it goes idle.
        const idle = setInterval(() => server.closeIdleConnections(), 50);
        const deadline = setTimeout(() => {
          server.getConnections((_err, count) => {
            cut = count ?? 0;
            server.closeAllConnections();
          });
        }, timeoutMs);
        server.close(() => {
          clearInterval(idle);
          clearTimeout(deadline);
          resolve({ cut });
        });
        server.closeIdleConnections();
      }),
  };
}
