import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface VideoTools {
  ffmpeg: string;
  ffprobe: string;
}

const require = createRequire(import.meta.url);
const DEBIAN = { ffmpeg: '/usr/bin/ffmpeg', ffprobe: '/usr/bin/ffprobe' };
const PACKAGES = { ffmpeg: '@ffmpeg-installer/ffmpeg', ffprobe: '@ffprobe-installer/ffprobe' };

/** Thrown when no ffmpeg or ffprobe can be found: the server is misinstalled, not the upload bad. */
export class VideoToolsMissingError extends Error {}

/**
 * The ffmpeg and ffprobe to run: FFMPEG_PATH / FFPROBE_PATH when set, else Debian's (kept up to date by apt), else
 * the static binaries that `npm install` puts in @ffmpeg-installer and @ffprobe-installer.
 */
export function videoTools(configured: { ffmpegPath?: string; ffprobePath?: string } = {}): VideoTools {
  return { ffmpeg: resolveTool('ffmpeg', configured.ffmpegPath), ffprobe: resolveTool('ffprobe', configured.ffprobePath) };
}

const resolved = new Map<string, string>();

function resolveTool(name: 'ffmpeg' | 'ffprobe', configured: string | undefined): string {
  if (configured) return configured;
  const cached = resolved.get(name);
  if (cached) return cached;
  let path: string | undefined;
  if (existsSync(DEBIAN[name])) path = DEBIAN[name];
  else {
    try {
      path = (require(PACKAGES[name]) as { path: string }).path;
    } catch (err) {
      throw new VideoToolsMissingError(
        `No ${name} found: install Debian's ffmpeg, run npm install (it ships ${PACKAGES[name]}), or set ${name.toUpperCase()}_PATH (${String(err)})`,
      );
    }
  }
  resolved.set(name, path);
  return path;
}
