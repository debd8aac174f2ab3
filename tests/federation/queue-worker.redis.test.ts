import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_SCOPE_SETTING } from '../../src/infra/bullmq-jobs.js';
import { type ClusterNode, createClusterUser, deleteRedisKeys, startClusterNode } from '../helpers/cluster.js';
import { freshDatabase } from '../helpers/database.js';
import { type RemoteActor, type RemoteServer, startRemoteServer } from '../helpers/remote-server.js';
import { eventually } from '../helpers/server.js';

// Fedify's queue in the distributed mode: with REDIS_URL it lives in Redis (BullMQ), a web process with JOBS=off
// only adds to it, and a `tribune worker` process (its own process, run from the CLI) handles incoming activities
// and delivers. A worker killed (SIGKILL) in the middle of a delivery loses nothing: the message is handed out again.
const url = process.env.REDIS_URL;
const bin = join(import.meta.dirname, '../../bin/tribune.js');
const AS = 'https://www.w3.org/ns/activitystreams';

describe.skipIf(!url)('the federation queue on Redis, run by tribune worker', { timeout: 300_000 }, () => {
  let web: ClusterNode;
  let remote: RemoteServer;
  let rita: RemoteActor;
  let dataDir: string;
  let databaseUrl: string;
  let drop: () => Promise<void> = async () => {};
  let queue: Queue;
  let ana: { id: string; token: string };
  const workers: ChildProcess[] = [];
  const release: Array<() => void> = [];

  const startWorker = async () => {
    const child = spawn(process.execPath, [bin, 'worker'], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: databaseUrl,
        DATA_DIR: dataDir,
        REDIS_URL: url,
        SECRET_KEY: 'shared-secret-'.padEnd(64, 'x'),
        PUBLIC_URL: web.url,
        ALLOW_PRIVATE_ADDRESS: 'true',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    workers.push(child);
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
    });
    child.stderr!.on('data', (d) => {
      out += d;
    });
    await eventually(() => expect(out).toContain('Tribune worker running jobs'), 120_000);
    return child;
  };
  const counts = () => queue.getJobCounts('waiting', 'active', 'delayed', 'failed');

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tribune-fed-worker-'));
    databaseUrl = `sqlite:${join(dataDir, 'shared.sqlite')}`;
    if (process.env.DATABASE_URL) {
      const db = await freshDatabase('pg');
      drop = db.drop;
      databaseUrl = db.url;
    }
    // No redisPrefix: the instance's own, which the worker process reads from the same database.
    web = await startClusterNode({ databaseUrl, dataDir, redisUrl: url, overrides: { runJobs: false, federation: { allowPrivateAddress: true } } });
    web.ctx.config.publicUrl = web.url;
    web.ctx.config.domain = new URL(web.url).host;
    const scope = await web.ctx.db.selectFrom('settings').select('value').where('key', '=', REDIS_SCOPE_SETTING).executeTakeFirstOrThrow();
    queue = new Queue('federation', { connection: { url: url! }, prefix: `tribune:${scope.value}:bull` });
    ana = await createClusterUser(web.ctx, 'ana');
    remote = await startRemoteServer();
    rita = await remote.addActor('rita');
  }, 120_000);

  afterAll(async () => {
    for (const w of workers) w.kill('SIGKILL');
    for (const r of release) r();
    await queue?.close();
    const scope = await web?.ctx.db.selectFrom('settings').select('value').where('key', '=', REDIS_SCOPE_SETTING).executeTakeFirst();
    await web?.close();
    await remote?.close();
    await drop();
    if (url && scope) await deleteRedisKeys(url, `tribune:${scope.value}:*`);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('queues an incoming activity in Redis at the web process and leaves it to the worker, which answers', async () => {
    const follow = { '@context': AS, id: `${remote.url}/follows/1`, type: 'Follow', actor: rita.id, object: `${web.url}/users/ana` };
    expect((await rita.send(`${web.url}/users/ana/inbox`, follow)).status).toBe(202);
    // Taken in and queued, not handled: the web process runs no queue.
    await eventually(async () => expect((await counts()).waiting).toBe(1));
    expect(await web.ctx.db.selectFrom('follows').select('id').execute()).toEqual([]);
    await startWorker();
    await eventually(() => expect(remote.received.filter((r) => r.body?.type === 'Accept' && r.body.object?.id === follow.id)).toHaveLength(1), 60_000);
    expect((await web.ctx.db.selectFrom('follows').select('target_account_id').execute()).map((f) => f.target_account_id)).toEqual([ana.id]);
  });

  it('delivers again a post whose worker was killed in the middle of delivering it', async () => {
    const current = workers.at(-1)!;
    // The first delivery of the post is held open (a slow server) until the worker dies.
    let arrived = false;
    remote.onInbox = (r) => {
      if (r.body?.type !== 'Create' || arrived) return;
      arrived = true;
      return new Promise<void>((resolve) => release.push(resolve));
    };
    const res = await fetch(`${web.url}/api/v1/statuses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ana.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'through a crash to the fediverse' }),
    });
    expect(res.status).toBe(200);
    const { id } = (await res.json()) as { id: string };
    const creates = () => remote.received.filter((r) => r.body?.type === 'Create' && r.body.object?.id === `${web.url}/users/ana/statuses/${id}`);
    await eventually(() => expect(creates()).toHaveLength(1), 120_000);
    expect((await counts()).active).toBe(1);
    current.kill('SIGKILL');
    await new Promise((r) => current.once('exit', r));
    await startWorker();
    // BullMQ gives the dead worker's message to the new one once its lock lapses (15 s, checked every 15 s).
    await eventually(() => expect(creates()).toHaveLength(2), 180_000);
    expect(creates()[1]!.body.id).toBe(creates()[0]!.body.id);
    expect(creates()[1]!.body.object.content).toContain('through a crash');
    await eventually(async () => expect(await counts()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 }), 60_000);
  });
});
