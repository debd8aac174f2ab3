// What the composer may attach, read from the instance document (never probed), and what blocks Post. Pure: no
// DOM, no requests, so tests/web/media-rules.test.ts runs it under Node.

/** The parts of /api/v2/instance (or v1) this reads. */
export interface InstanceMediaConfig {
  configuration?: {
    statuses?: { max_media_attachments?: number };
    media_attachments?: {
      supported_mime_types?: string[];
      image_size_limit?: number;
      video_size_limit?: number;
      description_limit?: number;
    };
  };
}

export interface MediaLimits {
  mimeTypes: string[];
  imageSizeLimit: number;
  videoSizeLimit: number;
  maxAttachments: number;
  descriptionLimit: number;
}

/** The composer's limits, or null when the server takes no uploads (no supported type, or no attachment allowed). */
export function mediaLimits(instance: InstanceMediaConfig): MediaLimits | null {
  const m = instance.configuration?.media_attachments;
  const max = instance.configuration?.statuses?.max_media_attachments ?? 4;
  const mimeTypes = m?.supported_mime_types ?? [];
  if (mimeTypes.length === 0 || max <= 0) return null;
  return {
    mimeTypes,
    imageSizeLimit: m?.image_size_limit ?? 16 * 1024 * 1024,
    videoSizeLimit: m?.video_size_limit ?? 100 * 1024 * 1024,
    maxAttachments: max,
    descriptionLimit: m?.description_limit ?? 1500,
  };
}

export type MediaKind = 'image' | 'video' | 'audio' | 'unknown';

/** A GIF counts as an image here (the server turns it into a looping `gifv`), as in Mastodon's composer. */
export function kindOfMime(mime: string): MediaKind {
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  return 'unknown';
}

/** The kind of an attachment the server answered with (gifv is an image for the counting rules). */
export function kindOfEntity(type: string): MediaKind {
  if (type === 'image' || type === 'gifv') return 'image';
  if (type === 'video' || type === 'audio') return type;
  return 'unknown';
}

/** Video and audio go alone: 4 images or 1 video, as Mastodon's web app allows. */
const alone = (k: MediaKind) => k === 'video' || k === 'audio';

export type Refusal =
  | { file: string; reason: 'type' }
  | { file: string; reason: 'size'; limitMb: number }
  | { file: string; reason: 'count'; max: number }
  | { file: string; reason: 'alone' };

export interface FileLike {
  name: string;
  type: string;
  size: number;
}

/**
 * Which of `files` may join attachments of kinds `current`: the browser's type must be one the server lists, the
 * size under its limit, at most `maxAttachments` in all, and a video or audio only on its own. The server checks
 * again (the browser's type comes from the file name); this only spares a pointless upload.
 */
export function admitFiles<F extends FileLike>(current: MediaKind[], files: F[], limits: MediaLimits): { accepted: F[]; refused: Refusal[] } {
  const accepted: F[] = [];
  const refused: Refusal[] = [];
  const kinds = [...current];
  for (const f of files) {
    const kind = kindOfMime(f.type);
    if (!limits.mimeTypes.includes(f.type)) {
      refused.push({ file: f.name, reason: 'type' });
      continue;
    }
    const limit = kind === 'image' ? limits.imageSizeLimit : limits.videoSizeLimit;
    if (f.size > limit) {
      refused.push({ file: f.name, reason: 'size', limitMb: Math.floor(limit / (1024 * 1024)) });
      continue;
    }
    if (kinds.some(alone) || (alone(kind) && kinds.length > 0)) {
      refused.push({ file: f.name, reason: 'alone' });
      continue;
    }
    if (kinds.length >= limits.maxAttachments) {
      refused.push({ file: f.name, reason: 'count', max: limits.maxAttachments });
      continue;
    }
    kinds.push(kind);
    accepted.push(f);
  }
  return { accepted, refused };
}

/** Whether more can be attached to attachments of kinds `current`. */
export function canAttachMore(current: MediaKind[], limits: MediaLimits): boolean {
  return current.length < limits.maxAttachments && !current.some(alone);
}

export type UploadState = 'uploading' | 'processing' | 'ready' | 'failed';

export interface DraftLike {
  state: UploadState;
  description: string;
}

/** Why Post is blocked by the attachments: one still on its way, or one that failed (never posted without it). */
export function postBlocker(drafts: DraftLike[]): 'uploading' | 'failed' | null {
  if (drafts.some((d) => d.state === 'failed')) return 'failed';
  if (drafts.some((d) => d.state === 'uploading' || d.state === 'processing')) return 'uploading';
  return null;
}

/** How many attachments have no alt text (blank counts as none). */
export function missingAlt(drafts: DraftLike[]): number {
  return drafts.filter((d) => d.description.trim() === '').length;
}

/** CSS object-position for Mastodon's focal point ({x, y} in -1..1, y upwards). */
export function focusPosition(focus: { x?: number; y?: number } | null | undefined): string | undefined {
  if (!focus || typeof focus.x !== 'number' || typeof focus.y !== 'number') return undefined;
  const clamp = (n: number) => Math.min(1, Math.max(-1, n));
  return `${Math.round(((clamp(focus.x) + 1) / 2) * 100)}% ${Math.round(((1 - clamp(focus.y)) / 2) * 100)}%`;
}
