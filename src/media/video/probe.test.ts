import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClip, TEST_CARD } from '../../../tests/media/video-clips.js';
import { videoTools } from './binaries.js';
import { INPUT_GUARD, probeVideo } from './probe.js';
import { runTool } from './run-tool.js';

const dir = mkdtempSync(join(tmpdir(), 'tribune-probe-test-'));
let requests = 0;
const server = createServer((_req, res) => {
  requests++;
  res.end('not a segment');
});
let port = 0;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('probeVideo', { timeout: 60_000 }, () => {
  it('reads a video as displayed: its size, rate, length, sound and container', async () => {
    const file = join(dir, 'clip.mp4');
    writeFileSync(file, await makeClip([...TEST_CARD, '-t', '2', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac'], 'mp4'));
    expect(await probeVideo(videoTools().ffprobe, file)).toMatchObject({
      format: expect.stringMatching(/^mov,mp4/),
      codec: 'h264',
      width: 320,
      height: 240,
      fps: 25,
      audio: true,
    });
  });

  it('refuses an HLS playlist, even one named .m3u8, without fetching what it names or reading local files', async () => {
    const playlist = join(dir, 'list.m3u8');
    writeFileSync(
      playlist,
      `#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10.0,\nhttp://127.0.0.1:${port}/segment.ts\n#EXTINF:10.0,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n`,
    );
    await expect(probeVideo(videoTools().ffprobe, playlist)).rejects.toMatchObject({ status: 422, field: 'file' });
    expect(requests).toBe(0);
  });

  it('keeps ffmpeg from reading a local file a playlist names (the npm ffmpeg would decode it, whatever the name)', async () => {
    const segment = join(dir, 'private.ts');
    writeFileSync(segment, await makeClip(['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=10', '-t', '2', '-c:v', 'libx264'], 'ts'));
    const input = join(dir, 'input');
    writeFileSync(input, `#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\n${segment}\n#EXT-X-ENDLIST\n`);
    const run = await runTool(videoTools().ffmpeg, ['-nostdin', '-v', 'error', ...INPUT_GUARD, '-i', input, '-vf', 'fps=1', '-f', 'rawvideo', 'pipe:1'], {
      timeoutMs: 30_000,
    });
    expect(run.code).not.toBe(0);
    expect(run.stdout.length).toBe(0);
  });
});
