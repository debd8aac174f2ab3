import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaConfig } from '../../src/config/config.js';
import { importHashList } from '../../src/media/hash-lists/hash-lists.service.js';
import { matchVideoFrames } from '../../src/media/hash-lists/matcher.js';
import { processVideo } from '../../src/media/video/process-video.js';
import { eventually, type TestServer } from '../helpers/server.js';
import { startMediaServer, uploadForm } from './media-server.js';
import { LIFE, makeClip, TEST_CARD, transform } from './video-clips.js';

// A clip's frame hashes in a list, as a hash-sharing programme lists a video; copies of it made the ways people
// evade a list (another codec and bitrate, another size, the start cut off, mirrored) still match; other footage does not.

const limits = { videoLimitBytes: 99 * 1024 * 1024, videoMatrixLimit: 8_294_400, videoFrameRateLimit: 120, videoMaxSeconds: 600 } as MediaConfig;
const frames = async (bytes: Buffer) => (await processVideo(bytes, { kind: 'video', limits })).frameHashes;

let t: TestServer;
let listed: Buffer;

beforeAll(async () => {
  t = await startMediaServer();
  listed = await makeClip([...TEST_CARD, '-t', '6', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac'], 'mp4');
  const text = (await frames(listed)).map((f) => `${f.hash},violence`).join('\n');
  expect(await importHashList(t.ctx, { source: 'video-list', text })).toMatchObject({ imported: true, added: 6 });
}, 240_000);
afterAll(() => t?.close());

// ffmpeg makes and transcodes every clip: minutes on a loaded 2-core machine running the whole suite.
describe('matching a video against listed frame hashes', { timeout: 180_000 }, () => {
  it('finds the listed clip itself at distance 0', async () => {
    expect(await matchVideoFrames(t.ctx, await frames(listed))).toMatchObject({ kind: 'pdq', source: 'video-list', label: 'violence', distance: 0 });
  });

  it('finds it re-encoded to VP8 in WebM at a low bitrate', async () => {
    const webm = await transform(listed, ['-c:v', 'libvpx', '-b:v', '150k', '-c:a', 'libopus'], 'webm');
    const match = await matchVideoFrames(t.ctx, await frames(webm));
    expect(match).toMatchObject({ source: 'video-list', variant: 'original' });
    expect(match!.distance).toBeLessThanOrEqual(31);
  });

  it('finds it shrunk to 192x144 at a poor quality, and with its first two seconds cut off', async () => {
    const small = await transform(listed, ['-vf', 'scale=192:144', '-c:v', 'libx264', '-crf', '35'], 'mp4');
    expect(await matchVideoFrames(t.ctx, await frames(small))).toMatchObject({ source: 'video-list' });
    const trimmed = await transform(listed, ['-ss', '2', '-c:v', 'libx264', '-crf', '28'], 'mp4');
    expect(await matchVideoFrames(t.ctx, await frames(trimmed))).toMatchObject({ source: 'video-list' });
  });

  it('finds it mirrored left to right, through the frames mirror hashes', async () => {
    const mirrored = await transform(listed, ['-vf', 'hflip', '-c:v', 'libx264'], 'mp4');
    const hashes = await frames(mirrored);
    expect(await matchVideoFrames(t.ctx, hashes)).toMatchObject({ source: 'video-list', variant: 'flipY' });
    // Without the mirrors, nothing of it is near the list.
    expect(
      await matchVideoFrames(
        t.ctx,
        hashes.map(({ hash, quality }) => ({ hash, quality })),
      ),
    ).toBeNull();
  });

  it('does not match unrelated footage, nor frames under the quality threshold', async () => {
    const life = await makeClip([...LIFE, '-t', '4', '-c:v', 'libx264', '-pix_fmt', 'yuv420p'], 'mp4');
    expect(await matchVideoFrames(t.ctx, await frames(life))).toBeNull();
    const weak = (await frames(listed)).map((f) => ({ ...f, quality: 40 }));
    expect(await matchVideoFrames(t.ctx, weak)).toBeNull();
  });
});

describe('uploading a copy of a listed video', { timeout: 180_000 }, () => {
  it('refuses it over HTTP: 202, then GET answers 422 with the reason, though it was re-encoded, shrunk and cut', async () => {
    const copy = await transform(listed, ['-ss', '1', '-vf', 'scale=240:180', '-c:v', 'libvpx', '-b:v', '200k', '-c:a', 'libopus'], 'webm');
    const user = await t.createUser('copier');
    const res = await t.request('POST', '/api/v2/media', { token: user.token, multipart: uploadForm(copy, 'copy.webm', 'video/webm') });
    expect(res.status, res.text).toBe(202);
    const done = await eventually(async () => {
      const r = await t.get(`/api/v1/media/${res.body.id}`, { token: user.token });
      if (r.status === 206) throw new Error('still processing');
      return r;
    }, 120_000);
    expect(done.status).toBe(422);
    expect(done.body.error).toBe("Validation failed: file matches a list of known violent content and can't be posted");
  });
});
