import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StreamEvent } from '../../src/infra/events.js';
import { type ClusterNode, createClusterUser, deleteRedisKeys, startClusterNode } from '../helpers/cluster.js';
import { freshDatabase } from '../helpers/database.js';
import { seedFollowers } from '../helpers/followers.js';

// Fan-out through BullMQ (issue 14): a post's followers are covered by one job per chunk, each carrying the status id
// and a cursor, taken by whichever process is free, and left in Redis for the others when a process stops.
// The database is one on DATABASE_URL's server, else one SQLite file both open. Runs only with REDIS_URL.
const url = process.env.REDIS_URL;
const run = `tribune-test:${randomBytes(4).toString('hex')}:`;
const FOLLOWERS = 1_000;
const CHUNK = 50;

describe.skipIf(!url)('home fan-out over BullMQ, two servers', { timeout: 120_000 }, () => {
  let a: ClusterNode;
  let b: ClusterNode;
  let databaseUrl: string;
  let drop: () => Promise<void> = async () => {};
  let dataDir: string;
  let author: { id: string; token: string };

  const start = () =>
    startClusterNode({ databaseUrl, dataDir, redisUrl: url, redisPrefix: run, overrides: { fanout: { onReadFollowers: 10_000, chunk: CHUNK } } });
  const homes = async (node: ClusterNode, statusId: string) =>
    (await node.ctx.db.selectFrom('feed_entries').select('account_id').where('status_id', '=', statusId).execute()).map((r) => r.account_id);
  const streamedBy = (publish: { mock: { calls: unknown[][] } }, statusId: string) =>
    publish.mock.calls.filter(([ch, e]) => String(ch).startsWith('user:') && (e as StreamEvent).event === 'update' && (e as StreamEvent).subject === statusId)
      .length;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tribune-fanout-'));
    databaseUrl = `sqlite:${join(dataDir, 'shared.sqlite')}`;
    if (process.env.DATABASE_URL) {
      const db = await freshDatabase('pg');
      drop = db.drop;
      databaseUrl = db.url;
    }
    a = await start();
    b = await start();
    author = await createClusterUser(a.ctx, 'author');
    await seedFollowers(a.ctx, author.id, FOLLOWERS);
  }, 120_000);
  afterEach(() => vi.restoreAllMocks());
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (url) await deleteRedisKeys(url, `${run}*`);
  });

  it('runs the chunks of a post as BullMQ jobs, each with its cursor, and every follower gets it once', async () => {
    const publishA = vi.spyOn(a.ctx.events, 'publish');
    const publishB = vi.spyOn(b.ctx.events, 'publish');
    const enqueued: Array<{ statusId: string; cursor?: string }> = [];
    for (const node of [a, b]) {
      const enqueue = node.ctx.jobs.enqueue.bind(node.ctx.jobs);
      vi.spyOn(node.ctx.jobs, 'enqueue').mockImplementation((name, payload) => {
        if (name === 'statuses.fanout') enqueued.push(payload as { statusId: string; cursor?: string });
        enqueue(name, payload);
      });
    }
    const redis = new Redis(url!);
    const added = async () => Number((await redis.get(`${run}bull:jobs:id`)) ?? 0);
    try {
      const before = await added();
      const post = await a.request('POST', '/api/v1/statuses', { token: author.token, json: { status: 'to a thousand homes' } });
      expect(post.status).toBe(200);
      const id = post.body.id as string;
      const got = await homes(a, id);
      expect(got.length).toBe(FOLLOWERS + 1);
      expect(new Set(got).size).toBe(got.length);
      // BullMQ numbered every job: the post's two (fan-out, link card), then one per further chunk.
      expect((await added()) - before).toBe(2 + FOLLOWERS / CHUNK - 1);
      expect(enqueued.filter((p) => p.statusId === id).length).toBe(FOLLOWERS / CHUNK);
      expect(enqueued.filter((p) => p.statusId === id && p.cursor).length).toBe(FOLLOWERS / CHUNK - 1);
      // Each follower's stream hears it once, from whichever server ran its chunk.
      expect(streamedBy(publishA, id) + streamedBy(publishB, id)).toBe(FOLLOWERS + 1);
    } finally {
      redis.disconnect();
    }
  });

  it('finishes the fan-out on B when A stops in the middle of it', async () => {
    const res = await fetch(`${a.url}/api/v1/statuses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${author.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'A stops now' }),
    });
    expect(res.status).toBe(200);
    const id = ((await res.json()) as { id: string }).id;
    const publishB = vi.spyOn(b.ctx.events, 'publish');
    // A finishes the job it is running and leaves the queued ones in Redis.
    await a.close();
    await b.ctx.jobs.drain();
    const got = await homes(b, id);
    expect(got.length).toBe(FOLLOWERS + 1);
    expect(new Set(got).size).toBe(got.length);
    expect(streamedBy(publishB, id)).toBeGreaterThan(0);
    a = await start();
  });
});
