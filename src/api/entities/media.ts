import { type MediaPart, toMediaPart } from '../../domain/statuses/status-parts.js';
import { mediaUrlBase } from '../../media/storage/storage.js';
import type { EntityContext } from './entity-context.js';

/** Mastodon's MediaAttachment (https://docs.joinmastodon.org/entities/MediaAttachment/). */
export interface MediaEntity {
  id: string;
  type: 'image' | 'gifv' | 'video' | 'audio' | 'unknown';
  /** Null while the file is processing. */
  url: string | null;
  preview_url: string | null;
  remote_url: string | null;
  preview_remote_url: string | null;
  text_url: null;
  meta: unknown;
  description: string | null;
  blurhash: string | null;
}

const TYPES = new Set(['image', 'gifv', 'video', 'audio']);

/** A stored file's key as the URL clients fetch it from (this server's /system/media, or MEDIA_PUBLIC_URL). */
export function mediaFileUrl(ctx: EntityContext, key: string): string {
  return `${mediaUrlBase(ctx.config)}/${key}`;
}

export function serializeMedia(ctx: EntityContext, m: MediaPart): MediaEntity {
  // A remote post's attachment is not fetched: clients load it from its own server, as `remote_url` says.
  const url = m.file_path ? mediaFileUrl(ctx, m.file_path) : (m.remote_url ?? null);
  return {
    id: m.id,
    type: (TYPES.has(m.type) ? m.type : 'unknown') as MediaEntity['type'],
    url,
    preview_url: m.preview_path ? mediaFileUrl(ctx, m.preview_path) : url,
    remote_url: m.remote_url ?? null,
    preview_remote_url: null,
    text_url: null,
    meta: m.meta ?? {},
    description: m.description,
    blurhash: m.blurhash,
  };
}

/** An upload as its owner sees it through /api/v1/media: no file URL until it is ready. */
export function serializeUpload(
  ctx: EntityContext,
  row: Omit<MediaPart, 'meta'> & { meta: string | null; state: 'processing' | 'ready' | 'failed' },
): MediaEntity {
  const ready = row.state === 'ready';
  return serializeMedia(ctx, toMediaPart({ ...row, file_path: ready ? row.file_path : null, preview_path: ready ? row.preview_path : null }));
}
