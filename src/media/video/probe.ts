import { ValidationError } from '../../errors.js';
import { runTool } from './run-tool.js';

/** What ffprobe says of an upload, as far as the limits and the transcoding need. */
export interface VideoProbe {
  /** ffprobe's format name, e.g. "mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm", "gif". */
  format: string;
  /** The absolute index of the video stream (not a cover picture), for `-map 0:<index>`. */
  index: number;
  codec: string;
  /** As displayed: a phone video stored 1920x1080 with a 90° rotation is 1080x1920. */
  width: number;
  height: number;
  duration: number;
  fps: number;
  audio: boolean;
}

interface RawStream {
  index?: number;
  codec_type?: string;
  sample_aspect_ratio?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  duration?: string;
  disposition?: { attached_pic?: number };
  tags?: { rotate?: string };
  side_data_list?: Array<{ rotation?: number }>;
}

/** Containers accepted as video; anything else ffprobe reads (a PNG, an MP3 with cover art) is refused. */
const VIDEO_FORMATS = [/^mov,mp4/, /^matroska,webm$/, /^gif$/];

/**
 * Input options for every ffmpeg and ffprobe that opens an upload: only these demuxers and the file protocol. An
 * HLS playlist or ffconcat file would otherwise make ffmpeg fetch URLs or read local files it names (the 2018 npm
 * ffmpeg opens a playlist whatever its name).
 */
export const INPUT_GUARD = ['-format_whitelist', 'mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,gif', '-protocol_whitelist', 'file'];

const bad = (message: string) => new ValidationError(message, 'file');

/** Probes a file; throws ValidationError('...', 'file') when it is not a video ffprobe can read. */
export async function probeVideo(ffprobe: string, file: string): Promise<VideoProbe> {
  const run = await runTool(ffprobe, ['-v', 'error', ...INPUT_GUARD, '-print_format', 'json', '-show_format', '-show_streams', file], {
    timeoutMs: 30_000,
  });
  let parsed: { format?: { format_name?: string; duration?: string }; streams?: RawStream[] } = {};
  try {
    parsed = JSON.parse(run.stdout.toString('utf8') || '{}');
  } catch {
    // An answer that is not JSON is a file ffprobe could not make sense of.
  }
  const format = parsed.format?.format_name;
  if (run.code !== 0 || !format) throw bad('The file is not a video that can be read (MP4, WebM or MOV); it may be damaged or truncated.');
  if (!VIDEO_FORMATS.some((f) => f.test(format))) throw bad(`The file is not a video in a supported container (MP4, WebM, MOV or GIF); found ${format}.`);
  const streams = parsed.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  if (!video?.width || !video.height) throw bad('The file has no video stream.');
  const duration = Number(parsed.format?.duration ?? video.duration);
  if (!Number.isFinite(duration) || duration <= 0) throw bad('The video has no duration that can be read; it may be damaged or truncated.');
  const quarterTurn = Math.abs(rotation(video)) % 180 === 90;
  // Anamorphic video (non-square pixels) is shown, and so transcoded, at its display width.
  const width = Math.max(1, Math.round(video.width * (ratio(video.sample_aspect_ratio, ':') || 1)));
  return {
    format,
    index: video.index ?? 0,
    codec: video.codec_name ?? 'unknown',
    width: quarterTurn ? video.height : width,
    height: quarterTurn ? width : video.height,
    duration,
    fps: ratio(video.avg_frame_rate, '/') || ratio(video.r_frame_rate, '/'),
    audio: streams.some((s) => s.codec_type === 'audio'),
  };
}

function rotation(s: RawStream): number {
  const side = s.side_data_list?.find((d) => typeof d.rotation === 'number')?.rotation;
  return Math.round(side ?? Number(s.tags?.rotate ?? 0)) || 0;
}

/** "30000/1001" -> 29.97, "4:3" -> 1.33; "0/0" -> 0. */
function ratio(text: string | undefined, separator: string): number {
  const [n, d] = (text ?? '').split(separator).map(Number);
  return n && d && Number.isFinite(n / d) ? n / d : 0;
}
