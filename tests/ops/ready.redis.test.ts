import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSetting } from '../../src/domain/instance/instance.store.js';
import { REDIS_SCOPE_SETTING } from '../../src/infra/bullmq-jobs.js';
import { deleteRedisKeys } from '../helpers/cluster.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// /ready with REDIS_URL: Tribune reaches the real Redis through a TCP relay the test can cut, so "Redis unreachable"
// is a refused connection, as when Redis or the network goes away.
const url = process.env.REDIS_URL;

/** A relay from a local port to Redis; close() cuts every connection and refuses new ones until reopen(). */
async function redisRelay(target: URL) {
  const sockets = new Set<net.Socket>();
  let server: net.Server;
  const listen = (port: number) =>
    new Promise<number>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 6379), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
    });
  const port = await listen(0);
  let open = true;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        if (!open) return resolve();
        open = false;
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
    reopen: async () => {
      if (open) return;
      await listen(port);
      open = true;
    },
  };
}

describe.skipIf(!url)('readiness with Redis', () => {
  let relay: Awaited<ReturnType<typeof redisRelay>>;
  let t: TestServer;
  let scope: string | undefined;
  // Not t.get: it drains the job queue after each request, which waits on Redis.
  const ready = async () => {
    const res = await fetch(`${t.url}/ready`);
    return { status: res.status, body: (await res.json()) as { checks: Record<string, string>; down: string[] } };
  };

  beforeAll(async () => {
    relay = await redisRelay(new URL(url!));
    t = await startTestServer({ redisUrl: `redis://127.0.0.1:${relay.port}` });
    scope = await readSetting(t.ctx.db, REDIS_SCOPE_SETTING);
  });
  afterAll(async () => {
    await relay?.reopen();
    await t?.close();
    await relay?.close();
    if (scope) await deleteRedisKeys(url!, `tribune:${scope}:*`);
  });

  it('is ready while Redis answers, and 503 naming Redis and the job queue when it does not', async () => {
    const up = await ready();
    expect(up.status).toBe(200);
    expect(up.body.checks).toEqual({ database: 'ok', redis: 'ok', jobs: 'ok' });

    await relay.close();
    // Checked at most once a second: the next check finds Redis gone.
    await expect.poll(async () => (await ready()).status, { timeout: 30_000 }).toBe(503);
    const down = await ready();
    expect(down.status).toBe(503);
    expect(down.body.down).toEqual(['redis', 'jobs']);
    expect(down.body.checks.database).toBe('ok');

    await relay.reopen();
    await expect.poll(async () => (await ready()).status, { timeout: 30_000 }).toBe(200);
  });
});
