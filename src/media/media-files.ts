import { createHash, randomBytes } from 'node:crypto';
import type { MediaFilesDeps } from './deps.js';
import { keysStillNamed } from './media.store.js';
import { type MediaKeyKind, mediaKey } from './storage/storage.js';

/** Stores a processed file under its content's key; the same bytes uploaded twice are one file. */
export async function storeFile(
  ctx: Pick<MediaFilesDeps, 'mediaStorage'>,
  kind: Exclude<MediaKeyKind, 'incoming'>,
  data: Buffer,
  ext: string,
  contentType: string,
): Promise<string> {
  const key = mediaKey(kind, createHash('sha256').update(data).digest('hex'), ext);
  await ctx.mediaStorage.put(key, data, contentType);
  return key;
}

/** Keeps a raw upload until its job has processed it (in media storage, so a job in another process reads it). */
export async function storeIncoming(ctx: Pick<MediaFilesDeps, 'mediaStorage'>, data: Buffer): Promise<string> {
  const key = mediaKey('incoming', randomBytes(32).toString('hex'), 'bin');
  await ctx.mediaStorage.put(key, data, 'application/octet-stream');
  return key;
}

/**
 * Deletes the files no attachment names any more (call after the rows that named them are gone and committed).
 * A failure is logged, not thrown: the rows are gone already, and a left-over file is harmless.
 */
export async function releaseFiles(ctx: MediaFilesDeps, keys: Array<string | null | undefined>): Promise<void> {
  const candidates = [...new Set(keys.filter((k): k is string => !!k))];
  if (candidates.length === 0) return;
  try {
    const named = await keysStillNamed(ctx.db, candidates);
    for (const key of candidates) if (!named.has(key)) await ctx.mediaStorage.delete(key);
  } catch (err) {
    ctx.logger.error({ err, keys: candidates }, 'deleting media files failed');
  }
}
