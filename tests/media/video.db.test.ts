import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRestAPIClient, MastoHttpError, type mastodon } from 'masto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importHashList } from '../../src/media/hash-lists/hash-lists.service.js';
import { videoTools } from '../../src/media/video/binaries.js';
import { processVideo } from '../../src/media/video/process-video.js';
import { eventually, type TestServer, type TestUser } from '../helpers/server.js';
import { animatedGif } from './fixtures.js';
import { mastoClient, mediaRows, startMediaServer, storedKeys, uploadForm } from './media-server.js';

/** A short clip made with the ffmpeg the server uses (`filter`: an ffmpeg lavfi source). */
function clip(filter: string, extra: string[] = []): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'tribune-media-test-'));
  try {
    const out = join(dir, 'clip.mp4');
    execFileSync(videoTools().ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', filter, ...extra, '-pix_fmt', 'yuv420p', '-y', out]);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('video and animated GIF uploads', () => {
  let t: TestServer;
  let alice: TestUser;
  beforeAll(async () => {
    t = await startMediaServer();
    alice = await t.createUser('alice');
  });
  afterAll(() => t?.close());

  const poll = (id: string, user = alice) =>
    eventually(async () => {
      const res = await t.get(`/api/v1/media/${id}`, { token: user.token });
      if (res.status === 206) throw new Error('still processing');
      return res;
    }, 60_000);

  it('answers 202, processes in a job, answers 206 then 200, and posts the video', async () => {
    const mp4 = clip('testsrc2=size=320x240:rate=15:duration=2', ['-metadata', 'title=Secret Title', '-metadata', 'location=+48.85+002.35/']);
    // The job waits at a gate, so the test sees it processing whatever the machine's speed.
    let open!: () => void;
    const gate = new Promise<void>((r) => {
      open = r;
    });
    const real = t.ctx.videoProcessor.processVideo;
    t.ctx.videoProcessor.processVideo = async (...args) => {
      await gate;
      return real(...args);
    };
    const auth = { authorization: `Bearer ${alice.token}` };
    let res: { status: number; body: any };
    try {
      const sent = await fetch(`${t.url}/api/v2/media`, {
        method: 'POST',
        headers: auth,
        body: uploadForm(mp4, 'clip.mp4', 'video/mp4', { description: 'test card' }),
      });
      res = { status: sent.status, body: await sent.json() };
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ type: 'video', url: null, description: 'test card' });
      const waiting = await fetch(`${t.url}/api/v1/media/${res.body.id}`, { headers: auth });
      expect(waiting.status).toBe(206);
      expect((await waiting.json()).url).toBeNull();
      const early = await fetch(`${t.url}/api/v1/statuses`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'too soon', media_ids: [res.body.id] }),
      });
      expect(early.status).toBe(422);
      expect((await early.json()).error).toBe('Cannot attach files that have not finished processing. Try again in a moment!');
      // A focal point set while the video is made is kept by the job.
      const focus = await fetch(`${t.url}/api/v1/media/${res.body.id}`, {
        method: 'PUT',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ focus: '0.5,-0.5' }),
      });
      expect(focus.status).toBe(200);
    } finally {
      open();
      t.ctx.videoProcessor.processVideo = real;
    }
    const done = await poll(res.body.id);
    expect(done.status, done.text).toBe(200);
    expect(done.body.url).toMatch(/\/system\/media\/original\/.+\.mp4$/);
    expect(done.body.preview_url).toMatch(/\/system\/media\/poster\/.+\.jpg$/);
    expect(done.body.meta).toMatchObject({ original: { width: 320, height: 240, size: '320x240' }, small: { width: 320, height: 240 }, fps: 15 });
    expect(done.body.meta.duration).toBeCloseTo(2, 0);
    expect(done.body.meta.focus).toEqual({ x: 0.5, y: -0.5 });
    expect(done.body.blurhash).toBeTruthy();
    const served = await fetch(done.body.url);
    expect(served.headers.get('content-type')).toBe('video/mp4');
    const bytes = Buffer.from(await served.arrayBuffer());
    expect(bytes.includes(Buffer.from('Secret Title'))).toBe(false);
    // The raw upload is gone from storage once processed.
    expect((await storedKeys(t)).filter((k) => k.startsWith('incoming/'))).toEqual([]);

    const status = await mastoClient(t, alice).v1.statuses.create({ status: 'a clip', mediaIds: [res.body.id] });
    expect(status.mediaAttachments[0]).toMatchObject({ id: res.body.id, type: 'video', url: done.body.url });
  }, 120_000);

  it('uploads a video with the masto client, which polls until it is processed, then posts it and reads it back', async () => {
    const mp4 = clip('testsrc2=size=320x240:rate=15:duration=2', ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', '-c:a', 'aac', '-shortest']);
    const client = createRestAPIClient({ url: t.url, accessToken: alice.token, timeout: 30_000, mediaTimeout: 110_000 });
    // masto sends POST /api/v2/media (202), then GETs /api/v1/media/:id until it has a url, as it does with Mastodon.
    const media = await client.v2.media.create({ file: new Blob([new Uint8Array(mp4)], { type: 'video/mp4' }), description: 'a beep' });
    expect(media).toMatchObject({ type: 'video', description: 'a beep' });
    expect(media.url).toMatch(/\/system\/media\/original\/.+\.mp4$/);
    expect(media.previewUrl).toMatch(/\/system\/media\/poster\/.+\.jpg$/);
    // masto camel-cases keys (frame_rate: frameRate); `fps` and `duration` beside `original` are Mastodon's too.
    const original = media.meta?.original as mastodon.v1.MediaAttachmentMetaVideo;
    expect(original).toMatchObject({ width: 320, height: 240, frameRate: '15/1' });
    expect(original.duration).toBeCloseTo(2, 0);
    expect((media.meta as { fps?: number }).fps).toBe(15);

    const status = await client.v1.statuses.create({ status: 'a beeping test card', mediaIds: [media.id] });
    expect(status.mediaAttachments.map((m) => [m.id, m.type, m.url])).toEqual([[media.id, 'video', media.url]]);
    const shown = await client.v1.statuses.$select(status.id).fetch();
    expect(shown.mediaAttachments[0]?.meta).toEqual(media.meta);
    const served = await fetch(media.url!);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('video/mp4');
    const probed = JSON.parse(
      execFileSync(videoTools().ffprobe, ['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'json', '-i', 'pipe:0'], {
        input: Buffer.from(await served.arrayBuffer()),
      }).toString(),
    ) as { streams: { codec_name: string }[] };
    expect(probed.streams.map((x) => x.codec_name).sort()).toEqual(['aac', 'h264']);
  }, 150_000);

  it('shows how far processing is while it answers 206 (meta.processing.progress)', async () => {
    const mp4 = clip('testsrc2=size=320x240:rate=15:duration=2');
    // The job reports half-way, then waits at a gate: the test reads the progress whatever the machine's speed.
    let open!: () => void;
    const gate = new Promise<void>((r) => {
      open = r;
    });
    const real = t.ctx.videoProcessor.processVideo;
    t.ctx.videoProcessor.processVideo = async (input, opts) => {
      opts.onProgress?.(0.5);
      await gate;
      return real(input, opts);
    };
    const auth = { authorization: `Bearer ${alice.token}` };
    let id = '';
    try {
      const sent = await fetch(`${t.url}/api/v2/media`, { method: 'POST', headers: auth, body: uploadForm(mp4, 'clip.mp4', 'video/mp4') });
      expect(sent.status).toBe(202);
      id = (await sent.json()).id;
      await eventually(async () => {
        const res = await fetch(`${t.url}/api/v1/media/${id}`, { headers: auth });
        expect(res.status).toBe(206);
        expect((await res.json()).meta?.processing?.progress).toBe(0.5);
      });
    } finally {
      open();
      t.ctx.videoProcessor.processVideo = real;
    }
    const done = await poll(id);
    expect(done.status).toBe(200);
    expect(done.body.meta.processing).toBeUndefined();
  }, 120_000);

  it('makes an animated GIF a silent looping MP4 (gifv), and v1 waits for it', async () => {
    const res = await t.request('POST', '/api/v1/media', { token: alice.token, multipart: uploadForm(await animatedGif(), 'loop.gif', 'image/gif') });
    expect(res.status, res.text).toBe(200);
    expect(res.body.type).toBe('gifv');
    expect(res.body.url).toMatch(/\.mp4$/);
    expect((await sharp(Buffer.from(await (await fetch(res.body.preview_url)).arrayBuffer())).metadata()).format).toBe('jpeg');
  });

  it('fails a video whose frames match a hash list: GET answers 422 with the reason, a case is opened, nothing kept', async () => {
    const listedClip = clip('testsrc=size=320x240:rate=10:duration=2');
    const frames = (await processVideo(listedClip, { kind: 'video', limits: t.ctx.config.media })).frameHashes.filter((f) => f.quality > 49);
    expect(frames.length).toBeGreaterThan(0);
    await importHashList(t.ctx, { source: 'video-list', text: `${frames[0]!.hash},violence\n` });
    const mallory = await t.createUser('mallory');
    const before = await storedKeys(t);
    const res = await t.request('POST', '/api/v2/media', { token: mallory.token, multipart: uploadForm(listedClip, 'bad.mp4', 'video/mp4') });
    expect(res.status).toBe(202);
    const failed = await poll(res.body.id, mallory);
    expect(failed.status).toBe(422);
    expect(failed.body.error).toBe("Validation failed: file matches a list of known violent content and can't be posted");
    const row = (await mediaRows(t)).find((r) => r.id === res.body.id)!;
    expect(row).toMatchObject({ state: 'failed', file_path: null, preview_path: null, incoming_key: null });
    expect(await storedKeys(t)).toEqual(before);
    const cases = await t.ctx.db.selectFrom('moderation_cases').selectAll().where('target_account_id', '=', mallory.id).execute();
    expect(cases).toHaveLength(1);
    expect(JSON.parse(cases[0]!.scores)).toMatchObject({ 'hash:video-list': 1 });
    // A Mastodon app polling for it (masto) gets the refusal as an error with the reason, not a timeout.
    const client = createRestAPIClient({ url: t.url, accessToken: mallory.token, timeout: 30_000, mediaTimeout: 110_000 });
    const refusal = await client.v2.media.create({ file: new Blob([new Uint8Array(listedClip)], { type: 'video/mp4' }) }).then(
      () => null,
      (err: unknown) => err,
    );
    // masto throws a MastoHttpError, or, in a process where @hono/node-server replaced the global Response (this test
    // runs the server in-process), the raw Response its `instanceof Response` no longer recognises.
    const seen =
      refusal instanceof MastoHttpError
        ? { status: refusal.statusCode, error: refusal.message }
        : { status: (refusal as globalThis.Response).status, error: (await (refusal as globalThis.Response).json()).error };
    expect(seen).toEqual({ status: 422, error: "Validation failed: file matches a list of known violent content and can't be posted" });
  }, 150_000);
});
