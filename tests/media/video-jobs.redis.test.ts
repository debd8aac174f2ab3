import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClusterNode, createClusterUser, deleteRedisKeys, startClusterNode } from '../helpers/cluster.js';
import { freshDatabase } from '../helpers/database.js';
import { eventually } from '../helpers/server.js';
import { uploadForm } from './media-server.js';
import { makeClip, TEST_CARD } from './video-clips.js';

// The distributed mode's video processing: a web process that runs no jobs (JOBS=off) takes the upload and queues
// `media.process` in BullMQ; a worker process on the same database, Redis and DATA_DIR makes the MP4. The job carries
// only the attachment id, so the worker reads the raw upload from media storage.
const url = process.env.REDIS_URL;
const run = `tribune-test:${randomBytes(4).toString('hex')}:`;

describe.skipIf(!url)('video processed by a worker process over BullMQ', { timeout: 180_000 }, () => {
  let web: ClusterNode;
  let worker: ClusterNode;
  let drop: () => Promise<void> = async () => {};
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tribune-video-jobs-'));
    let databaseUrl = `sqlite:${join(dataDir, 'shared.sqlite')}`;
    if (process.env.DATABASE_URL) {
      const db = await freshDatabase('pg');
      drop = db.drop;
      databaseUrl = db.url;
    }
    const node = (runJobs: boolean) => startClusterNode({ databaseUrl, dataDir, redisUrl: url, redisPrefix: run, overrides: { runJobs } });
    web = await node(false);
    worker = await node(true);
  }, 60_000);

  afterAll(async () => {
    await web?.close();
    await worker?.close();
    await drop();
    rmSync(dataDir, { recursive: true, force: true });
    await deleteRedisKeys(url!, `${run}*`);
  });

  it('answers 202 on the web process, and the worker makes the video it then serves', async () => {
    const ada = await createClusterUser(web.ctx, 'ada');
    const auth = { authorization: `Bearer ${ada.token}` };
    const mp4 = await makeClip([...TEST_CARD, '-t', '2', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac'], 'mp4');
    const sent = await fetch(`${web.url}/api/v2/media`, { method: 'POST', headers: auth, body: uploadForm(mp4, 'clip.mp4', 'video/mp4') });
    expect(sent.status).toBe(202);
    const { id } = (await sent.json()) as { id: string };

    const done = await eventually(async () => {
      const res = await fetch(`${web.url}/api/v1/media/${id}`, { headers: auth });
      expect(res.status).toBe(200);
      return (await res.json()) as { url: string; preview_url: string; meta: { original: { width: number; height: number } } };
    }, 150_000);
    expect(done.meta.original).toMatchObject({ width: 320, height: 240 });
    const served = await fetch(`${web.url}${new URL(done.url).pathname}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('video/mp4');
    const post = await web.request('POST', '/api/v1/statuses', { token: ada.token, json: { status: 'made by the worker', media_ids: [id] } });
    expect(post.status).toBe(200);
    expect(post.body.media_attachments[0]).toMatchObject({ id, type: 'video', url: done.url });
  });
});
