import { createECDH, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClusterNode, startClusterNode } from '../../../tests/helpers/cluster.js';
import { createLocalAccount } from '../../domain/accounts/accounts.service.js';
import { issueToken } from '../../domain/auth/tokens.js';

// Two Tribune processes on one SQLite file and one Redis: a notification is pushed once, not once per process.
const url = process.env.REDIS_URL;
const run = `tribune-test:${randomBytes(4).toString('hex')}:`;

type Node = ClusterNode;

// Plain-HTTP push endpoints are allowed only in tests: the fake push service below listens on http.
const startNode = (databaseUrl: string, dataDir: string): Promise<Node> =>
  startClusterNode({
    databaseUrl,
    dataDir,
    redisUrl: url,
    redisPrefix: run,
    prepare: (ctx) => {
      ctx.webPush.allowHttp = true;
    },
  });

describe.skipIf(!url)('Web Push with two processes', { timeout: 60_000 }, () => {
  let a: Node;
  let b: Node;
  let dataDir: string;
  let pushService: Server;
  let pushUrl = '';
  const received: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tribune-push-two-'));
    const file = `sqlite:${join(dataDir, 'shared.sqlite')}`;
    a = await startNode(file, dataDir);
    b = await startNode(file, dataDir);
    pushService = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received.push(req.url ?? '');
        res.writeHead(201).end();
      });
    });
    await new Promise<void>((r) => pushService.listen(0, '127.0.0.1', r));
    pushUrl = `http://127.0.0.1:${(pushService.address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    for (const n of [a, b]) {
      await n?.server.close();
      await n?.ctx.close();
    }
    await new Promise((r) => pushService?.close(r));
    rmSync(dataDir, { recursive: true, force: true });
    const redis = new Redis(url!);
    for await (const keys of redis.scanStream({ match: `${run}*`, count: 500 })) if ((keys as string[]).length) await redis.del(...(keys as string[]));
    redis.disconnect();
  });

  it('pushes each notification once to each subscription, whichever processes the subscriptions were made on', async () => {
    const { id: aliceId } = await createLocalAccount(a.ctx, { username: 'alice', email: 'alice@example.test', password: 'correct horse battery' });
    const { id: bobId } = await createLocalAccount(a.ctx, { username: 'bob', email: 'bob@example.test', password: 'correct horse battery' });
    const phone = (await issueToken(a.ctx, null, aliceId, 'read write push')).token;
    const laptop = (await issueToken(a.ctx, null, aliceId, 'read write push')).token;
    const bob = (await issueToken(a.ctx, null, bobId, 'read write')).token;
    const browser = createECDH('prime256v1');
    browser.generateKeys();
    const keys = { p256dh: browser.getPublicKey('base64url'), auth: randomBytes(16).toString('base64url') };
    for (const [node, token, path] of [
      [a, phone, '/phone'],
      [b, laptop, '/laptop'],
    ] as const) {
      const sub = await node.request('POST', '/api/v1/push/subscription', {
        token,
        json: { subscription: { endpoint: `${pushUrl}${path}`, keys, standard: true }, data: { alerts: { favourite: true } } },
      });
      expect(sub.status).toBe(200);
    }
    const post = await a.request('POST', '/api/v1/statuses', { token: phone, json: { status: 'upvote me' } });
    expect((await b.request('POST', `/api/v1/statuses/${post.body.id}/favourite`, { token: bob })).status).toBe(200);
    await a.ctx.jobs.drain();
    await b.ctx.jobs.drain();
    // Anything extra (one push per process) would arrive within this pause.
    await new Promise((r) => setTimeout(r, 500));
    expect(received.sort()).toEqual(['/laptop', '/phone']);
  });
});
