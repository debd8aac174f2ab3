import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MediaConfig } from '../../config/config.js';
import { ValidationError } from '../../errors.js';
import { videoTools } from './binaries.js';
import { type FrameHash, FrameHasher, frameSize, hashFilter } from './frame-hashes.js';
import { h264EncoderArgs } from './h264-encoder.js';
import { INPUT_GUARD, probeVideo, type VideoProbe } from './probe.js';
import { runTool } from './run-tool.js';
import { outputShape, posterSecond } from './shape.js';

export interface ProcessedVideo {
  /** H.264 (yuv420p, faststart) + AAC, or no audio track for gifv and silent input. */
  mp4: Buffer;
  /** JPEG of a frame near the start, the first of the first seconds that is not black. */
  poster: Buffer;
  /** Of the MP4 produced (what clients get). */
  meta: { width: number; height: number; duration: number; fps: number; size: string; aspect: number; audio: boolean };
  /** PDQ of one frame per second of the input. */
  frameHashes: FrameHash[];
}

export interface ProcessVideoOptions {
  kind: 'video' | 'gifv';
  limits: MediaConfig;
  /** 0..1 as the transcode goes, from ffmpeg's own progress report. */
  onProgress?: (fraction: number) => void;
}

const bad = (message: string) => new ValidationError(message, 'file');

/**
 * Checks an uploaded video against the limits and transcodes it to an MP4 every browser plays, with no metadata
 * (location, device, titles) left in it; also a poster and the frame hashes the hash lists are matched on.
 * Throws ValidationError(..., 'file') for anything refused; never leaves a file behind.
 */
export async function processVideo(input: Buffer, opts: ProcessVideoOptions): Promise<ProcessedVideo> {
  const { limits } = opts;
  if (input.length > limits.videoLimitBytes) throw bad(`The video is larger than the limit of ${megabytes(limits.videoLimitBytes)} MB.`);
  const tools = videoTools(limits);
  const dir = await mkdtemp(join(tmpdir(), 'tribune-video-'));
  try {
    const source = join(dir, 'input');
    await writeFile(source, input);
    const probe = await probeVideo(tools.ffprobe, source);
    checkLimits(probe, opts);
    const output = join(dir, 'output.mp4');
    const hasher = await transcode(tools.ffmpeg, source, output, probe, opts);
    const result = await probeVideo(tools.ffprobe, output).catch(() => null);
    if (result?.codec !== 'h264') throw new Error('ffmpeg finished but its MP4 is not readable');
    const poster = join(dir, 'poster.jpg');
    const at = posterSecond(hasher.brightness, result.duration);
    const shot = await runTool(
      tools.ffmpeg,
      [...words('-nostdin -v error -ss'), String(at), '-i', output, ...words('-frames:v 1 -q:v 3 -map_metadata -1 -f image2 -c:v mjpeg'), poster],
      { timeoutMs: 60_000 },
    );
    if (shot.code !== 0) throw new Error(`ffmpeg could not take a poster frame: ${shot.stderr.trim()}`);
    const [mp4, jpeg] = await Promise.all([readFile(output), readFile(poster)]);
    opts.onProgress?.(1);
    return {
      mp4,
      poster: jpeg,
      meta: {
        width: result.width,
        height: result.height,
        duration: result.duration,
        fps: Math.round(result.fps * 100) / 100,
        size: `${result.width}x${result.height}`,
        aspect: result.width / result.height,
        audio: result.audio,
      },
      frameHashes: hasher.hashes,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function checkLimits(probe: VideoProbe, { kind, limits }: ProcessVideoOptions): void {
  if (probe.format === 'gif' && kind !== 'gifv') throw bad('A GIF is uploaded as an animation (gifv), not as a video.');
  if (probe.width * probe.height > limits.videoMatrixLimit)
    throw bad(`The video is ${probe.width}x${probe.height}: more than the limit of ${limits.videoMatrixLimit} pixels a frame.`);
  if (probe.duration > limits.videoMaxSeconds)
    throw bad(`The video lasts ${Math.round(probe.duration)} seconds: longer than the limit of ${limits.videoMaxSeconds} seconds.`);
  if (probe.fps > limits.videoFrameRateLimit)
    throw bad(`The video has ${Math.round(probe.fps)} frames a second: more than the limit of ${limits.videoFrameRateLimit}.`);
}

/** One decode of the input feeds both the MP4 and the frames hashed once a second (raw RGB on stdout). */
async function transcode(ffmpeg: string, source: string, output: string, probe: VideoProbe, opts: ProcessVideoOptions): Promise<FrameHasher> {
  const out = outputShape(probe);
  const frames = frameSize(probe.width, probe.height);
  const hasher = new FrameHasher(frames.width, frames.height);
  const graph =
    `[0:${probe.index}]split=2[a][b];` + `[a]scale=${out.width}:${out.height},setsar=1,fps=${out.fps},format=yuv420p[v];` + `[b]${hashFilter(frames)}[h]`;
  const audio = opts.kind === 'video' && probe.audio ? ['-map', '0:a:0', '-c:a', 'aac', '-b:a', '128k', '-ac', '2'] : ['-an'];
  // -xerror: stop at the first damaged packet rather than make an MP4 of what could be decoded.
  const args = [
    ...words('-nostdin -v error -nostats -xerror -vsync passthrough -t'),
    String(opts.limits.videoMaxSeconds),
    ...INPUT_GUARD,
    ...['-i', source, '-filter_complex', graph, '-map', '[v]'],
    ...audio,
    ...(await h264EncoderArgs(ffmpeg)),
    ...words('-pix_fmt yuv420p -sn -dn -map_metadata -1 -map_chapters -1 -movflags +faststart -f mp4'),
    output,
    ...words('-map [h] -f rawvideo pipe:1 -progress pipe:3'),
  ];
  let done = 0;
  const run = await runTool(ffmpeg, args, {
    timeoutMs: 600_000 + probe.duration * 20_000,
    onStdout: (chunk) => hasher.push(chunk),
    // ffmpeg 4.x names it out_time_ms though it counts microseconds; later versions add out_time_us.
    onFd3: (chunk) => {
      const last = [...chunk.toString('utf8').matchAll(/out_time_(?:us|ms)=(\d+)/g)].at(-1);
      const fraction = last ? Math.min(0.95, (Number(last[1]) / 1e6 / probe.duration) * 0.95) : 0;
      if (fraction <= done) return;
      done = fraction;
      opts.onProgress?.(fraction);
    },
  });
  if (run.code !== 0) {
    if (run.signal) throw new Error(`ffmpeg was stopped (${run.signal}) while transcoding a video`);
    throw bad(`The video cannot be decoded; it may be damaged or truncated (${lastLine(run.stderr).replaceAll(`${source}: `, '')}).`);
  }
  // A file cut short still has the length its header announced; its frames stop where the data does.
  if (hasher.hashes.length < Math.floor(Math.min(probe.duration, opts.limits.videoMaxSeconds) * 0.9))
    throw bad('The video stops before the length its header announces; it may be truncated.');
  return hasher;
}

const words = (text: string) => text.split(' ');

function lastLine(stderr: string): string {
  return stderr.trim().split('\n').pop()?.slice(0, 200) ?? 'no detail';
}

function megabytes(bytes: number): string {
  return String(Math.round((bytes / 1024 / 1024) * 10) / 10);
}
