import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { videoTools } from '../../src/media/video/binaries.js';
import { startS3Server, type TestS3 } from '../helpers/s3-server.js';
import { eventually, type TestServer, type TestUser } from '../helpers/server.js';
import { scene } from './fixtures.js';
import { pathOf, startMediaServer, uploadForm } from './media-server.js';

// The upload API with MEDIA_STORAGE=s3 against a local S3 server (s3rver): files land in the bucket with their type
// and a year-long cache lifetime, are served through /system/media (Tribune proxies the bucket) or straight from the
// bucket with MEDIA_PUBLIC_URL, and deleting posts and uploads empties the bucket. Each server has a bucket of its own.

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const keyOf = (url: string, base: string) => url.slice(base.length + 1);
/** The storage key of a URL served by Tribune. */
const storageKey = (url: string) => pathOf(url).slice('/system/media/'.length);

describe('media in an S3 bucket', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startS3Server({ bucket: 'proxied' });
  });
  afterAll(() => s3?.stop());

  describe('served by Tribune (no MEDIA_PUBLIC_URL)', () => {
    let t: TestServer;
    let alice: TestUser;
    beforeAll(async () => {
      t = await startMediaServer(s3.media());
      alice = await t.createUser('alice');
    }, 120_000);
    afterAll(() => t?.close());
    const upload = async (bytes: Buffer, name: string, type: string) => {
      const res = await t.request('POST', '/api/v2/media', { token: alice.token, multipart: uploadForm(bytes, name, type) });
      expect([200, 202], res.text).toContain(res.status);
      return res.body as { id: string; url: string | null; preview_url: string | null };
    };

    it('stores an upload in the bucket and serves it through /system/media with type, cache lifetime and nosniff', async () => {
      expect(t.ctx.mediaStorage.kind).toBe('s3');
      const media = await upload(await scene(60, 400, 300), 'a.png', 'image/png');
      const base = `${t.url}/system/media`;
      expect(media.url).toMatch(new RegExp(`^${base}/original/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}\\.jpg$`));
      const keys = [keyOf(media.url!, base), keyOf(media.preview_url!, base)];
      expect(await s3.keys()).toEqual([...keys].sort());
      for (const key of keys) {
        const object = await s3.object(key);
        expect(object).toMatchObject({ contentType: 'image/jpeg', cacheControl: 'public, max-age=31536000, immutable' });
        const res = await fetch(`${base}/${key}`);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('image/jpeg');
        expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        const served = Buffer.from(await res.arrayBuffer());
        expect(sha256(served)).toBe(sha256(object!.body));
        // Content-addressed: the key names the bytes it holds.
        expect(key).toContain(sha256(served));
      }
      const part = await fetch(media.url!, { headers: { range: 'bytes=2-9' } });
      expect(part.status).toBe(206);
      expect(Buffer.from(await part.arrayBuffer())).toEqual((await s3.object(keys[0]!))!.body.subarray(2, 10));
      expect((await t.request('DELETE', `/api/v1/media/${media.id}`, { token: alice.token })).status).toBe(200);
      expect(await s3.keys()).toEqual([]);
    });

    it('posts an upload; deleting the post keeps files another upload names, deleting that one empties the bucket', async () => {
      const bytes = await scene(61, 300, 200);
      const media = await upload(bytes, 'b.png', 'image/png');
      const twin = await upload(bytes, 'twin.png', 'image/png');
      expect(twin.url).toBe(media.url);
      const keys = [media.url!, media.preview_url!].map((u) => storageKey(u));
      const post = await t.postStatus(alice, 'in a bucket', { media_ids: [media.id] });
      expect(post.media_attachments[0].url).toBe(media.url);
      expect((await t.request('DELETE', `/api/v1/statuses/${post.id}`, { token: alice.token })).status).toBe(200);
      expect(await s3.keys()).toEqual(expect.arrayContaining(keys));
      expect((await fetch(media.url!)).status).toBe(200);
      expect((await t.request('DELETE', `/api/v1/media/${twin.id}`, { token: alice.token })).status).toBe(200);
      for (const k of keys) expect(await s3.keys()).not.toContain(k);
      expect((await fetch(media.url!)).status).toBe(404);
    });

    it('processes a video through its job with the bucket: the video and its poster are stored there, the raw upload is gone', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'tribune-s3-clip-'));
      let mp4: Buffer;
      try {
        execFileSync(videoTools().ffmpeg, [
          '-v',
          'error',
          '-f',
          'lavfi',
          '-i',
          'testsrc2=size=320x240:rate=15:duration=1',
          '-pix_fmt',
          'yuv420p',
          '-y',
          join(dir, 'c.mp4'),
        ]);
        mp4 = readFileSync(join(dir, 'c.mp4'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      const sent = await upload(mp4, 'clip.mp4', 'video/mp4');
      const done = await eventually(async () => {
        const res = await t.get(`/api/v1/media/${sent.id}`, { token: alice.token });
        if (res.status === 206) throw new Error('still processing');
        return res;
      }, 60_000);
      expect(done.status, done.text).toBe(200);
      const keys = await s3.keys();
      expect(keys.filter((k) => k.startsWith('incoming/'))).toEqual([]);
      expect(keys).toEqual(expect.arrayContaining([storageKey(done.body.url), storageKey(done.body.preview_url)]));
      const video = await fetch(done.body.url);
      expect(video.headers.get('content-type')).toBe('video/mp4');
      expect((await s3.object(storageKey(done.body.url)))?.contentType).toBe('video/mp4');
      expect((await t.request('DELETE', `/api/v1/media/${sent.id}`, { token: alice.token })).status).toBe(200);
      expect(await s3.keys()).toEqual([]);
    });
  });

  describe('served by the bucket (MEDIA_PUBLIC_URL)', () => {
    let t: TestServer;
    let bob: TestUser;
    beforeAll(async () => {
      await s3.createBucket('direct');
      t = await startMediaServer(s3.media({ bucket: 'direct', publicUrl: s3.bucketUrl('direct') }));
      bob = await t.createUser('bob');
    }, 120_000);
    afterAll(() => t?.close());

    it('gives clients the bucket’s URL, which serves the same bytes with their type and cache lifetime', async () => {
      const res = await t.request('POST', '/api/v2/media', { token: bob.token, multipart: uploadForm(await scene(62, 300, 200), 'c.png', 'image/png') });
      expect(res.status, res.text).toBe(200);
      const base = s3.bucketUrl('direct');
      expect(res.body.url).toMatch(new RegExp(`^${base}/original/.+\\.jpg$`));
      expect(res.body.preview_url).toMatch(new RegExp(`^${base}/small/.+\\.jpg$`));
      const direct = await fetch(res.body.url);
      expect(direct.status).toBe(200);
      expect(direct.headers.get('content-type')).toBe('image/jpeg');
      expect(direct.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const key = keyOf(res.body.url, base);
      // Tribune still serves the same file itself.
      const proxied = await fetch(`${t.url}/system/media/${key}`);
      expect(sha256(Buffer.from(await proxied.arrayBuffer()))).toBe(sha256(Buffer.from(await direct.arrayBuffer())));

      const post = await t.postStatus(bob, 'straight from the bucket', { media_ids: [res.body.id] });
      expect(post.media_attachments[0].url).toBe(res.body.url);
      expect(await s3.keys('direct')).toHaveLength(2);
      expect((await t.request('DELETE', `/api/v1/statuses/${post.id}`, { token: bob.token })).status).toBe(200);
      expect(await s3.keys('direct')).toEqual([]);
      expect((await fetch(res.body.url)).status).toBe(404);
    });
  });
});
