import { Redis } from 'ioredis';
import { type Config, loadConfig } from '../../src/config/config.js';
import { type AppContext, createContext } from '../../src/context.js';
import { createLocalAccount } from '../../src/domain/accounts/accounts.service.js';
import { issueToken } from '../../src/domain/auth/tokens.js';
import { createLogger } from '../../src/logger.js';
import { type RunningServer, startServer } from '../../src/server.js';

/** One Tribune process of a test cluster: several share a database, a secret and a Redis key prefix. */
export interface ClusterNode {
  url: string;
  ctx: AppContext;
  server: RunningServer;
  request(method: string, path: string, opts?: { token?: string; json?: unknown }): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export interface ClusterNodeOptions {
  databaseUrl: string;
  dataDir: string;
  redisUrl: string | undefined;
  /** Unset: the instance's own, as `tribune serve` and `tribune worker` take it from the database. */
  redisPrefix?: string;
  overrides?: Partial<Config>;
  /** Runs on the context before the server starts listening (e.g. to relax a test-only setting). */
  prepare?: (ctx: AppContext) => void;
}

export async function startClusterNode(opts: ClusterNodeOptions): Promise<ClusterNode> {
  const config = loadConfig(
    {},
    {
      port: 0,
      host: '127.0.0.1',
      dataDir: opts.dataDir,
      databaseUrl: opts.databaseUrl,
      redisUrl: opts.redisUrl,
      secretKey: 'shared-secret-'.padEnd(64, 'x'),
      logLevel: 'silent',
      passwordCost: { memoryCost: 1024, timeCost: 1 },
      shieldEnabled: false,
      ...opts.overrides,
    },
  );
  const ctx = await createContext(config, { logger: createLogger('silent'), redisPrefix: opts.redisPrefix });
  opts.prepare?.(ctx);
  const server = await startServer(ctx, { port: 0, host: '127.0.0.1' });
  return {
    url: server.url,
    ctx,
    server,
    async request(method, path, req = {}) {
      const headers: Record<string, string> = {};
      if (req.token) headers.authorization = `Bearer ${req.token}`;
      if (req.json !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(server.url + path, { method, headers, body: req.json === undefined ? undefined : JSON.stringify(req.json) });
      const text = await res.text();
      // The queue is shared: this waits for jobs whichever process runs them.
      await ctx.jobs.drain();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    async close() {
      await server.close();
      await ctx.close();
    },
  };
}

/** A signed-in account made straight in the store (cluster tests talk to the servers with its token). */
export async function createClusterUser(ctx: AppContext, username: string): Promise<{ id: string; token: string }> {
  const { id } = await createLocalAccount(ctx, { username, email: `${username}@example.test`, password: 'correct horse battery', allowReserved: true });
  const { token } = await issueToken(ctx, null, id, 'read write follow push');
  return { id, token };
}

/** Deletes a test run's Redis keys. */
export async function deleteRedisKeys(redisUrl: string, pattern: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    for await (const keys of redis.scanStream({ match: pattern, count: 500 })) if ((keys as string[]).length) await redis.del(...(keys as string[]));
  } finally {
    redis.disconnect();
  }
}
