import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_SCOPE_SETTING } from '../../src/infra/bullmq-jobs.js';
import { type ClusterNode, createClusterUser, deleteRedisKeys, startClusterNode } from '../helpers/cluster.js';
import { freshDatabase } from '../helpers/database.js';
import { seedFollowers } from '../helpers/followers.js';
import { eventually } from '../helpers/server.js';

// Web and job capacity apart (issue 14): a web process with JOBS=off only queues; `tribune worker`, a process of its
// own run from the CLI, takes the jobs from Redis. A worker killed (SIGKILL) in the middle of a large fan-out loses
// nothing: BullMQ hands its unfinished chunk to the next worker, and every follower gets the post once.
const url = process.env.REDIS_URL;
const bin = join(import.meta.dirname, '../../bin/tribune.js');
const FOLLOWERS = 3_000;
const CHUNK = 10;

describe.skipIf(!url)('tribune worker', { timeout: 300_000 }, () => {
  let web: ClusterNode;
  let dataDir: string;
  let databaseUrl: string;
  let drop: () => Promise<void> = async () => {};
  let author: { id: string; token: string };
  const workers: ChildProcess[] = [];

  const startWorker = async () => {
    const child = spawn(process.execPath, [bin, 'worker'], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: databaseUrl,
        DATA_DIR: dataDir,
        REDIS_URL: url,
        SECRET_KEY: 'shared-secret-'.padEnd(64, 'x'),
        LOG_LEVEL: 'warn',
        FANOUT_CHUNK: String(CHUNK),
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
  const homes = async (statusId: string) =>
    (await web.ctx.db.selectFrom('feed_entries').select('account_id').where('status_id', '=', statusId).execute()).map((r) => r.account_id);
  // Straight to the server: the node's request() would wait for the queue to empty.
  const post = async (status: string) => {
    const res = await fetch(`${web.url}/api/v1/statuses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${author.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { id: string }).id;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tribune-worker-'));
    databaseUrl = `sqlite:${join(dataDir, 'shared.sqlite')}`;
    if (process.env.DATABASE_URL) {
      const db = await freshDatabase('pg');
      drop = db.drop;
      databaseUrl = db.url;
    }
    // No redisPrefix: the instance's own, which the worker process reads from the same database.
    web = await startClusterNode({ databaseUrl, dataDir, redisUrl: url, overrides: { runJobs: false } });
    author = await createClusterUser(web.ctx, 'author');
    await seedFollowers(web.ctx, author.id, FOLLOWERS);
  }, 120_000);

  afterAll(async () => {
    for (const w of workers) w.kill('SIGKILL');
    const scope = await web?.ctx.db.selectFrom('settings').select('value').where('key', '=', REDIS_SCOPE_SETTING).executeTakeFirst();
    await web?.close();
    await drop();
    if (url && scope) await deleteRedisKeys(url, `tribune:${scope.value}:*`);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves the jobs of a web process with JOBS=off to the worker', async () => {
    const id = await post('queued by the web process');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await homes(id)).toEqual([]);
    await startWorker();
    await eventually(async () => expect((await homes(id)).length).toBe(FOLLOWERS + 1), 120_000);
  });

  it('finishes a fan-out whose worker was killed in the middle, every follower once', async () => {
    const current = workers.at(-1)!;
    const id = await post('to three thousand homes, through a crash');
    await eventually(async () => expect((await homes(id)).length).toBeGreaterThan(0), 60_000);
    current.kill('SIGKILL');
    await new Promise((r) => current.once('exit', r));
    const atKill = (await homes(id)).length;
    expect(atKill, 'the worker was killed before the fan-out ended').toBeLessThan(FOLLOWERS + 1);
    await startWorker();
    // BullMQ gives the killed worker's chunk to the new one once its lock lapses (about 30 s).
    await eventually(async () => expect((await homes(id)).length).toBe(FOLLOWERS + 1), 180_000);
    const got = await homes(id);
    expect(new Set(got).size).toBe(got.length);
  });
});
