import { ValidationError } from '../errors.js';

// Mastodon's MediaAttachment `meta` (https://docs.joinmastodon.org/entities/MediaAttachment/#meta).

export interface SizeMeta {
  width: number;
  height: number;
  size: string;
  aspect: number;
}

export interface MediaMeta {
  original?: SizeMeta & { duration?: number; frame_rate?: string; bitrate?: number };
  small?: SizeMeta;
  focus?: { x: number; y: number };
  length?: string;
  duration?: number;
  fps?: number;
  audio_channels?: string;
}

export function sizeMeta(width: number, height: number): SizeMeta {
  return { width, height, size: `${width}x${height}`, aspect: width / height };
}

/** `"-0.5,0.3"`: two numbers from -1 to 1 (Mastodon's focal point). */
export function parseFocus(value: string): { x: number; y: number } {
  const parts = value.split(',').map((p) => p.trim());
  const [x, y] = parts.map(Number);
  if (parts.length !== 2 || !Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x!) > 1 || Math.abs(y!) > 1)
    throw new ValidationError('Validation failed: focus must be two numbers from -1.0 to 1.0, as "x,y"', 'focus');
  return { x: x!, y: y! };
}

/** `"0:01:02.50"` for 62.5 seconds, as Mastodon writes `length`. */
export function lengthOf(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h}:${String(m).padStart(2, '0')}:${s.toFixed(2).padStart(5, '0')}`;
}

export function parseMeta(json: string | null): MediaMeta {
  try {
    const v = json ? JSON.parse(json) : {};
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as MediaMeta) : {};
  } catch {
    return {};
  }
}
