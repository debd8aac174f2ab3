import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ffprobe, makeClip, TEST_CARD, transform } from '../../../tests/media/video-clips.js';
import type { MediaConfig } from '../../config/config.js';
import { ValidationError } from '../../errors.js';
import { processVideo } from './process-video.js';

const limits = {
  videoLimitBytes: 99 * 1024 * 1024,
  videoMatrixLimit: 8_294_400,
  videoFrameRateLimit: 120,
  videoMaxSeconds: 600,
} as MediaConfig;

// processVideo's temp files go under os.tmpdir(): a directory of this file's own, checked empty after each test.
const privateTmp = mkdtempSync(join(tmpdir(), 'tribune-video-test-'));
const savedTmp = process.env.TMPDIR;
let mp4: Buffer;

beforeAll(async () => {
  // A title and a location tag in the container: what must not survive.
  mp4 = await makeClip(
    [
      ...TEST_CARD,
      '-t',
      '4',
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-metadata',
      'title=SECRET-TITLE',
      '-metadata',
      'location=+48.8566+002.3522/',
    ],
    'mp4',
  );
  process.env.TMPDIR = privateTmp;
}, 120_000);
afterEach(() => {
  expect(readdirSync(privateTmp)).toEqual([]);
});
afterAll(() => {
  process.env.TMPDIR = savedTmp;
  rmSync(privateTmp, { recursive: true, force: true });
});

async function expectPlayableMp4(out: Buffer, audio: boolean) {
  const probe = await ffprobe(out);
  expect(probe.format.format_name).toMatch(/^mov,mp4/);
  const video = probe.streams.find((s) => s.codec_type === 'video');
  expect(video).toMatchObject({ codec_name: 'h264', pix_fmt: 'yuv420p' });
  expect(probe.streams.filter((s) => s.codec_type === 'audio').map((s) => s.codec_name)).toEqual(audio ? ['aac'] : []);
  // faststart: the index before the media data, so a browser plays while it downloads.
  expect(out.indexOf('moov')).toBeLessThan(out.indexOf('mdat'));
  return probe;
}

// ffmpeg runs in every test: slow on a loaded 2-core machine running the whole suite.
describe('processVideo', { timeout: 180_000 }, () => {
  it('makes an MP4 into H.264/AAC with a JPEG poster, its size, length and rate, and no title or location left', async () => {
    expect((await ffprobe(mp4)).format.tags).toMatchObject({ title: 'SECRET-TITLE', location: expect.any(String) });
    const seen: number[] = [];
    const r = await processVideo(mp4, { kind: 'video', limits, onProgress: (f) => seen.push(f) });
    const probe = await expectPlayableMp4(r.mp4, true);
    expect(probe.format.tags?.title).toBeUndefined();
    expect(probe.format.tags?.location).toBeUndefined();
    expect(r.mp4.includes('SECRET-TITLE')).toBe(false);
    expect(r.mp4.includes('+48.8566')).toBe(false);
    expect(r.meta).toMatchObject({ width: 320, height: 240, size: '320x240', fps: 25, audio: true });
    expect(r.meta.aspect).toBeCloseTo(4 / 3);
    expect(r.meta.duration).toBeGreaterThan(3.9);
    expect(r.meta.duration).toBeLessThan(4.2);
    expect(await sharp(r.poster).metadata()).toMatchObject({ format: 'jpeg', width: 320, height: 240 });
    // One hash a second of input, of a lively picture.
    expect(r.frameHashes).toHaveLength(4);
    for (const f of r.frameHashes) expect(f).toMatchObject({ hash: expect.stringMatching(/^[0-9a-f]{64}$/), quality: expect.any(Number) });
    expect(Math.min(...r.frameHashes.map((f) => f.quality))).toBeGreaterThan(49);
    expect(new Set(r.frameHashes.map((f) => f.hash)).size).toBe(4);
    // Progress rises and ends at 1.
    expect(seen.at(-1)).toBe(1);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('takes WebM (VP8, Opus) and MOV (MPEG-4 part 2) in, gives H.264 out', async () => {
    const webm = await transform(mp4, ['-c:v', 'libvpx', '-b:v', '400k', '-c:a', 'libopus'], 'webm');
    const mov = await transform(mp4, ['-c:v', 'mpeg4', '-c:a', 'aac'], 'mov');
    for (const input of [webm, mov]) {
      const r = await processVideo(input, { kind: 'video', limits });
      await expectPlayableMp4(r.mp4, true);
      expect(r.meta).toMatchObject({ size: '320x240', fps: 25, audio: true });
      expect(r.frameHashes).toHaveLength(4);
    }
  });

  it('makes an animated GIF a silent looping MP4 (gifv), and drops the sound of a video sent as gifv', async () => {
    const gif = await makeClip(['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=10', '-t', '3'], 'gif');
    const r = await processVideo(gif, { kind: 'gifv', limits });
    await expectPlayableMp4(r.mp4, false);
    expect(r.meta).toMatchObject({ size: '160x120', fps: 10, audio: false });
    expect(r.frameHashes).toHaveLength(3);
    const silent = await processVideo(mp4, { kind: 'gifv', limits });
    await expectPlayableMp4(silent.mp4, false);
  });

  it('scales a video down to fit its pixels and an odd size to even sides, and caps the frame rate at 60', async () => {
    const odd = await makeClip(['-f', 'lavfi', '-i', 'testsrc2=size=321x241:rate=90', '-t', '1', '-c:v', 'libx264', '-pix_fmt', 'yuv444p'], 'mp4');
    const r = await processVideo(odd, { kind: 'video', limits });
    await expectPlayableMp4(r.mp4, false);
    expect(r.meta).toMatchObject({ size: '320x240', fps: 60, audio: false });
  });

  it('turns a video stored with a quarter-turn rotation (as phones record) upright, with no rotation left', async () => {
    const turned = await transform(mp4, ['-c', 'copy', '-metadata:s:v:0', 'rotate=90'], 'mp4');
    const r = await processVideo(turned, { kind: 'video', limits });
    expect(r.meta).toMatchObject({ width: 240, height: 320, size: '240x320' });
    const video = (await expectPlayableMp4(r.mp4, true)).streams.find((s) => s.codec_type === 'video');
    expect(video).toMatchObject({ width: 240, height: 320 });
    expect(JSON.stringify(video)).not.toMatch(/rotat/i);
    expect(await sharp(r.poster).metadata()).toMatchObject({ width: 240, height: 320 });
  });

  it('takes the poster from a frame that is not black when the video opens on black', async () => {
    const fromBlack = await makeClip(
      [
        '-f',
        'lavfi',
        '-i',
        'color=black:size=320x240:rate=25:duration=1.2',
        '-f',
        'lavfi',
        '-i',
        'testsrc2=size=320x240:rate=25:duration=3',
        '-filter_complex',
        '[0][1]concat=n=2:v=1',
        '-c:v',
        'libx264',
        '-pix_fmt',
        'yuv420p',
      ],
      'mp4',
    );
    const r = await processVideo(fromBlack, { kind: 'video', limits });
    const { channels } = await sharp(r.poster).stats();
    expect(channels[0]!.mean + channels[1]!.mean + channels[2]!.mean).toBeGreaterThan(100);
    // The black first second hashes with no quality: it is never matched on.
    expect(r.frameHashes[0]!.quality).toBe(0);
  });

  it('hashes a clip shorter than a second once', async () => {
    const short = await makeClip(['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-t', '0.3', '-c:v', 'libx264', '-pix_fmt', 'yuv420p'], 'mp4');
    const r = await processVideo(short, { kind: 'video', limits });
    expect(r.frameHashes).toHaveLength(1);
    expect(r.frameHashes[0]!.quality).toBeGreaterThan(49);
  });
});

describe('processVideo refuses, naming the file', { timeout: 180_000 }, () => {
  const refused = async (input: Buffer, message: RegExp, opts: Partial<MediaConfig> = {}, kind: 'video' | 'gifv' = 'video') => {
    const err = await processVideo(input, { kind, limits: { ...limits, ...opts } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({ status: 422, field: 'file', message: expect.stringMatching(message) });
    expect((err as Error).message).not.toContain(privateTmp);
  };

  it('a text file, a PNG, and a GIF sent as a video', async () => {
    await refused(Buffer.from('hello, this is not a video\n'.repeat(20)), /not a video/);
    await refused(
      await sharp({ create: { width: 64, height: 64, channels: 3, background: '#c33' } })
        .png()
        .toBuffer(),
      /not a video/,
    );
    await refused(await makeClip(['-f', 'lavfi', '-i', 'testsrc2=size=64x48:rate=5', '-t', '1'], 'gif'), /GIF is uploaded as an animation/);
  });

  it('a truncated file, whether its index is at the end or the start', async () => {
    await refused(mp4.subarray(0, Math.floor(mp4.length * 0.6)), /damaged or truncated/);
    const fast = await transform(mp4, ['-c', 'copy', '-movflags', '+faststart'], 'mp4');
    await refused(fast.subarray(0, Math.floor(fast.length * 0.5)), /damaged or truncated|truncated/);
  });

  it('over the limits of bytes, pixels a frame, seconds and frames a second', async () => {
    await refused(mp4, /larger than the limit of 0\.1 MB/, { videoLimitBytes: 100 * 1024 });
    await refused(mp4, /320x240: more than the limit of 76799 pixels/, { videoMatrixLimit: 320 * 240 - 1 });
    await refused(mp4, /lasts 4 seconds: longer than the limit of 3 seconds/, { videoMaxSeconds: 3 });
    await refused(mp4, /25 frames a second: more than the limit of 24/, { videoFrameRateLimit: 24 });
  });
});
