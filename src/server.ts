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
  close(): Promise<void>;
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
  };
}
