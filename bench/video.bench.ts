/**
 * npx tsx bench/video.bench.ts: processing one uploaded video (src/media/video/process-video.ts: probe, transcode to
 * H.264/AAC, PDQ of a frame a second, poster) against, in the same run, a plain ffmpeg remux (`-c copy`, the floor of
 * reading and writing the file) and a plain ffmpeg transcode with the same encoder settings (what hashing, probing
 * and the poster add). Options: --seconds=N (10), --size=WxH (1280x720), --fps=N (30), --runs=N (3).
 */

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { MediaConfig } from '../src/config/config.js';
import { videoTools } from '../src/media/video/binaries.js';
import { h264EncoderArgs } from '../src/media/video/h264-encoder.js';
import { processVideo } from '../src/media/video/process-video.js';

const run = promisify(execFile);
const option = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const seconds = Number(option('seconds', '10'));
const size = option('size', '1280x720');
const fps = Number(option('fps', '30'));
const runs = Number(option('runs', '3'));

const tools = videoTools();
const limits = { videoLimitBytes: 1024 ** 3, videoMatrixLimit: 8_294_400, videoFrameRateLimit: 120, videoMaxSeconds: 3600 } as MediaConfig;
const dir = await mkdtemp(join(tmpdir(), 'tribune-video-bench-'));
const ffmpeg = (args: string[]) => run(tools.ffmpeg, ['-nostdin', '-v', 'error', '-y', ...args], { maxBuffer: 1 << 24 });

try {
  const source = join(dir, 'source.mp4');
  await ffmpeg([
    ...['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${fps}`, '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'],
    ...['-t', String(seconds), '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p', '-c:a', 'aac', source],
  ]);
  const input = await readFile(source);
  console.log(`${seconds} s of ${size} at ${fps} fps with sound (${(input.length / 1024 / 1024).toFixed(1)} MB, H.264/AAC), ${runs} runs each, median:`);
  console.log(`ffmpeg: ${tools.ffmpeg}`);

  const time = async (fn: () => Promise<unknown>) => {
    const t = performance.now();
    await fn();
    return (performance.now() - t) / 1000;
  };
  const median = async (fn: () => Promise<unknown>) => {
    const all: number[] = [];
    for (let i = 0; i < runs; i++) all.push(await time(fn));
    return all.sort((a, b) => a - b)[Math.floor(all.length / 2)] as number;
  };
  const encoder = await h264EncoderArgs(tools.ffmpeg);
  const remux = await median(() => ffmpeg(['-i', source, '-c', 'copy', '-movflags', '+faststart', join(dir, 'remux.mp4')]));
  const transcode = await median(() =>
    ffmpeg(['-i', source, ...encoder, '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '128k', '-movflags', '+faststart', join(dir, 'plain.mp4')]),
  );
  const processed = await median(() => processVideo(input, { kind: 'video', limits }));

  const row = (name: string, s: number) => console.log(`  ${name.padEnd(34)} ${s.toFixed(2).padStart(6)} s  ${(s / seconds).toFixed(3)} s per clip-second`);
  row('ffmpeg remux (-c copy)', remux);
  row(`ffmpeg transcode (${encoder[1]}, aac)`, transcode);
  row('processVideo', processed);
  console.log(
    `ratio: processVideo x${(processed / remux).toFixed(1)} a remux, x${(processed / transcode).toFixed(2)} a plain transcode; ` +
      `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
