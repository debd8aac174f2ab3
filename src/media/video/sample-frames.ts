import { ValidationError } from '../../errors.js';
import { videoTools } from './binaries.js';
import { type FrameHash, FrameHasher, frameSize, hashFilter } from './frame-hashes.js';
import { INPUT_GUARD, probeVideo } from './probe.js';
import { runTool } from './run-tool.js';

/**
 * PDQ hashes of one frame a second of a video file, sampled as processVideo samples uploads: what an operator
 * lists (`tribune hashes pdq clip.mp4`). No limits apply; a file that is not a video throws ValidationError.
 */
export async function frameHashesOfFile(file: string, tools: { ffmpegPath?: string; ffprobePath?: string } = {}): Promise<FrameHash[]> {
  const { ffmpeg, ffprobe } = videoTools(tools);
  const probe = await probeVideo(ffprobe, file);
  const size = frameSize(probe.width, probe.height);
  const hasher = new FrameHasher(size.width, size.height);
  const run = await runTool(
    ffmpeg,
    [
      '-nostdin',
      '-v',
      'error',
      '-vsync',
      'passthrough',
      ...INPUT_GUARD,
      '-i',
      file,
      '-map',
      `0:${probe.index}`,
      '-vf',
      hashFilter(size),
      '-f',
      'rawvideo',
      'pipe:1',
    ],
    {
      timeoutMs: 600_000 + probe.duration * 5_000,
      onStdout: (chunk) => hasher.push(chunk),
    },
  );
  if (run.code !== 0) throw new ValidationError(`The video cannot be decoded (${run.stderr.trim().split('\n').pop() ?? run.signal})`, 'file');
  return hasher.hashes;
}
