import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { videoTools } from '../../src/media/video/binaries.js';

// Test videos made with the same ffmpeg the server runs, so nothing binary is checked in. Small and short: a few
// seconds at 320x240 keep each test fast.

const run = promisify(execFile);

/** A moving test card with a tone (lavfi testsrc2 + sine). */
export const TEST_CARD = ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100'];
/** Something unrelated: Conway's life from a seeded random start, in 4-pixel cells (cheap to encode). */
export const LIFE = [
  '-f',
  'lavfi',
  '-i',
  'life=size=80x60:rate=25:seed=7:ratio=0.3:mold=10:life_color=#ffcc00:death_color=#003366,scale=320:240:flags=neighbor',
];

/** Runs ffmpeg with `args` then an output file of extension `ext`, and returns the file's bytes. */
export async function makeClip(args: string[], ext: string): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'tribune-clip-'));
  try {
    const out = join(dir, `clip.${ext}`);
    await run(videoTools().ffmpeg, ['-nostdin', '-v', 'error', '-y', ...args, out], { maxBuffer: 16 * 1024 * 1024 });
    return await readFile(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs ffmpeg on `input` (written to a file) and returns the output's bytes: re-encoding, resizing, trimming. */
export async function transform(input: Buffer, args: string[], ext: string): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'tribune-clip-'));
  try {
    const src = join(dir, 'input');
    await writeFile(src, input);
    return await makeClip(['-i', src, ...args], ext);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface ProbedStream {
  codec_type: string;
  codec_name: string;
  pix_fmt?: string;
  width?: number;
  height?: number;
  tags?: Record<string, string>;
}

/** ffprobe's view of some bytes: streams and the container's tags. */
export async function ffprobe(bytes: Buffer): Promise<{ streams: ProbedStream[]; format: { format_name: string; tags?: Record<string, string> } }> {
  const dir = await mkdtemp(join(tmpdir(), 'tribune-clip-'));
  try {
    const file = join(dir, 'probe');
    await writeFile(file, bytes);
    const { stdout } = await run(videoTools().ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file]);
    return JSON.parse(stdout);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
