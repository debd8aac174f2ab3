import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestStream } from '../../tests/e2e/stream-client.js';
import { type ClusterNode, createClusterUser, deleteRedisKeys, startClusterNode } from '../../tests/helpers/cluster.js';
import { freshDatabase } from '../../tests/helpers/database.js';
import { eventually } from '../../tests/helpers/server.js';
import type { Config } from '../config/config.js';
import { createLogger, type Logger } from '../logger.js';
import type { ShieldOverrides } from '../shield/options.js';
import { createBullMqJobs, processNumber } from './bullmq-jobs.js';
import type { JobQueue } from './jobs.js';

// The distributed mode: two Tribune servers on one database and one Redis, as behind a load balancer.
// The database is a schema of its own on DATABASE_URL's server, or one SQLite file both open.
// Each run gets its own Redis key prefix, and its keys are deleted afterwards.
const url = process.env.REDIS_URL;
const run = `tribune-test:${randomBytes(4).toString('hex')}:`;

type Node = ClusterNode;

const startNode = (databaseUrl: string, dataDir: string, overrides: Partial<Config> = {}): Promise<Node> =>
  startClusterNode({ databaseUrl, dataDir, redisUrl: url, redisPrefix: run, overrides });

function recordingLogger(): { logger: Logger; errors: string[] } {
  const errors: string[] = [];
  const logger = createLogger('silent');
  const record = (level: string) => (obj: unknown, msg?: string) => errors.push(`${level}: ${typeof obj === 'string' ? obj : msg}`);
  return { logger: Object.assign(Object.create(logger), { error: record('error'), warn: record('warn') }) as Logger, errors };
}

// The jobs these tests queue, not Tribune's; 'bad' carries what JSON cannot.
type TestJobs = { probe: { n: number }; chain: { n: number }; bad: { id?: bigint; at?: Date } };

describe.skipIf(!url)('jobs over BullMQ', () => {
  const queues: JobQueue<TestJobs>[] = [];
  afterAll(async () => {
    for (const q of queues) await q.close();
    await deleteRedisKeys(url!, `${run}jobs-only*`);
  });

  it('runs jobs queued by one process on every process, and drain() waits for all of them', async () => {
    const prefix = `${run}jobs-only`;
    const a = createBullMqJobs<TestJobs>(url!, { prefix, logger: createLogger('silent'), concurrency: 2 });
    const b = createBullMqJobs<TestJobs>(url!, { prefix, logger: createLogger('silent'), concurrency: 2 });
    queues.push(a, b);
    const ran: Array<{ by: string; n: number }> = [];
    for (const [q, by] of [
      [a, 'a'],
      [b, 'b'],
    ] as const) {
      q.register('probe', async (p: { n: number }) => {
        await new Promise((r) => setTimeout(r, 30));
        ran.push({ by, n: p.n });
      });
      // A job queued while another runs must be done before drain() returns.
      q.register('chain', async (p: { n: number }) => {
        q.enqueue('probe', { n: p.n + 1000 });
      });
    }
    for (let n = 0; n < 20; n++) a.enqueue('probe', { n });
    a.enqueue('chain', { n: 1 });
    await a.drain();
    expect(ran.map((r) => r.n).sort((x, y) => x - y)).toEqual([...Array.from({ length: 20 }, (_, i) => i), 1001]);
    expect(new Set(ran.map((r) => r.by))).toEqual(new Set(['a', 'b']));
  });

  it('numbers each process differently, for its ID generator', async () => {
    const numbers = await Promise.all(Array.from({ length: 8 }, () => processNumber(url!, `${run}jobs-only`)));
    expect(new Set(numbers).size).toBe(8);
    for (const n of numbers) expect(n).toBeGreaterThanOrEqual(0);
    for (const n of numbers) expect(n).toBeLessThan(64);
  });

  it('refuses a payload JSON cannot carry, and says which job', async () => {
    const { logger, errors } = recordingLogger();
    const q = createBullMqJobs<TestJobs>(url!, { prefix: `${run}jobs-only-bad`, logger });
    queues.push(q);
    let ran = 0;
    q.register('bad', async () => {
      ran++;
    });
    q.enqueue('bad', { id: 10n });
    q.enqueue('bad', { at: new Date(0) });
    await q.drain();
    expect(errors.join('\n')).toMatch(/error: job payload is not JSON-serialisable/);
    expect(errors.join('\n')).toMatch(/warn: job payload changes through JSON/);
    expect(ran).toBe(1);
  });
});

describe.skipIf(!url)('two Tribune servers on one database and one Redis', { timeout: 60_000 }, () => {
  let a: Node;
  let b: Node;
  let drop: () => Promise<void>;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tribune-two-'));
    if (process.env.DATABASE_URL) {
      const db = await freshDatabase('pg');
      drop = db.drop;
      a = await startNode(db.url, dataDir);
      b = await startNode(db.url, dataDir);
    } else {
      drop = async () => {};
      const file = `sqlite:${join(dataDir, 'shared.sqlite')}`;
      a = await startNode(file, dataDir);
      b = await startNode(file, dataDir);
    }
  }, 60_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await drop?.();
    rmSync(dataDir, { recursive: true, force: true });
    await deleteRedisKeys(url!, `${run}*`);
  });

  it('shows a post made on server A in a follower home timeline read from server B', async () => {
    const ada = await createClusterUser(a.ctx, 'ada');
    const bea = await createClusterUser(a.ctx, 'bea');
    expect((await b.request('POST', `/api/v1/accounts/${ada.id}/follow`, { token: bea.token })).status).toBe(200);
    const queued = async () => {
      const redis = new Redis(url!);
      const n = Number((await redis.get(`${run}bull:jobs:id`)) ?? 0);
      redis.disconnect();
      return n;
    };
    const before = await queued();
    const post = await a.request('POST', '/api/v1/statuses', { token: ada.token, json: { status: 'written on A' } });
    expect(post.status).toBe(200);
    // The fan-out went through the shared BullMQ queue, not an in-process one.
    expect(await queued()).toBeGreaterThan(before);
    const home = await b.request('GET', '/api/v1/timelines/home', { token: bea.token });
    expect(home.status).toBe(200);
    expect(home.body.map((s: { id: string }) => s.id)).toContain(post.body.id);
  });

  it('streams a post made on server A to a WebSocket client connected to server B', async () => {
    const cai = await createClusterUser(b.ctx, 'cai');
    const dov = await createClusterUser(b.ctx, 'dov');
    await b.request('POST', `/api/v1/accounts/${cai.id}/follow`, { token: dov.token });
    const s = await TestStream.open(`${b.url.replace(/^http/, 'ws')}/api/v1/streaming?access_token=${dov.token}&stream=user`);
    try {
      // B's Redis subscription is up once an event published by A comes through it.
      await eventually(async () => {
        await a.ctx.events.publish('deletes', { event: 'delete', subject: 'probe' });
        await s.next((m) => m.payload === 'probe', 100);
      });
      const post = await a.request('POST', '/api/v1/statuses', { token: cai.token, json: { status: 'live from A' } });
      const m = await s.next((x) => x.event === 'update');
      expect(JSON.parse(m.payload!).id).toBe(post.body.id);
    } finally {
      await s.close();
    }
  });
});

describe.skipIf(!url)('rate limits across two servers', { timeout: 60_000 }, () => {
  let a: Node;
  let b: Node;
  let dataDir: string;
  let accountId = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tribune-two-limits-'));
    const file = `sqlite:${join(dataDir, 'shared.sqlite')}`;
    // Signed-in reads limited per account only (4 a minute): account ids are unique, so no other run shares the key.
    const shield = { policies: { 'user-read': { address: [], prefix: [], app: [], account: [{ points: 4, duration: 60 }] } } } satisfies ShieldOverrides;
    a = await startNode(file, dataDir, { shieldEnabled: true, shield });
    b = await startNode(file, dataDir, { shieldEnabled: true, shield });
  }, 60_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    rmSync(dataDir, { recursive: true, force: true });
    await deleteRedisKeys(url!, `${run}*`);
    if (accountId) await deleteRedisKeys(url!, `tribune:*${accountId}*`);
  });

  it('counts one account against one limit whichever server it reaches', async () => {
    const eve = await createClusterUser(a.ctx, 'eve');
    accountId = eve.id;
    const statuses: number[] = [];
    for (const node of [a, b, a, b, a, b]) statuses.push((await node.request('GET', '/api/v1/timelines/home', { token: eve.token })).status);
    // Per process it would be 6 x 200 (3 each); shared, the fifth request is refused.
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });
});
