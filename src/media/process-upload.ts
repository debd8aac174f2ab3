import sharp from 'sharp';
import { ValidationError } from '../errors.js';
import type { MediaFilesDeps, ProcessUploadDeps } from './deps.js';
import { blurhashOf } from './image/blurhash.js';
import { MATCH_REFUSAL, refuseMatch } from './match-refusal.js';
import { findMedia, updateMediaInState } from './media.store.js';
import { releaseFiles, storeFile } from './media-files.js';
import { lengthOf, type MediaMeta, parseMeta, sizeMeta } from './media-meta.js';

const GENERIC_FAILURE = 'Validation failed: file could not be processed';

/**
 * The job `media.process` (payload: the attachment's id only, so it runs in any process): reads the raw upload from
 * media storage, makes the MP4 and its poster (video area), matches the frames against the hash lists, stores the
 * files and marks the attachment ready; or marks it failed with the reason. Nothing half-made is kept: files are
 * stored whole or not at all, and a row deleted meanwhile gets its new files released.
 */
export async function processUpload(ctx: ProcessUploadDeps, mediaId: string): Promise<void> {
  const row = await findMedia(ctx.db, mediaId);
  if (row?.state !== 'processing' || !row.incoming_key) return;
  const fail = async (reason: string) => {
    await updateMediaInState(ctx.db, mediaId, 'processing', { state: 'failed', failure: reason, incoming_key: null });
    await releaseFiles(ctx, [row.incoming_key]);
  };
  try {
    const bytes = await ctx.mediaStorage.get(row.incoming_key);
    if (!bytes) return await fail('Validation failed: the upload was lost before it was processed; upload it again');
    const kind = row.type === 'gifv' ? 'gifv' : 'video';
    const video = await ctx.videoProcessor.processVideo(bytes, { kind, limits: ctx.config.media, onProgress: progressWriter(ctx, mediaId) });
    const match = await ctx.videoProcessor.matchVideoFrames(ctx, video.frameHashes);
    if (match) {
      await fail(MATCH_REFUSAL);
      await refuseMatch(ctx, row.account_id, match).catch(() => undefined);
      return;
    }
    const original = await storeFile(ctx, 'original', video.mp4, 'mp4', 'video/mp4');
    const poster = await storeFile(ctx, 'poster', video.poster, 'jpg', 'image/jpeg');
    const posterSize = await posterDimensions(video.poster);
    const m = video.meta;
    // The focal point as it is now: its owner may have set it (PUT /api/v1/media/:id) while the video was made.
    const focus = parseMeta((await findMedia(ctx.db, mediaId))?.meta ?? null).focus;
    const meta: MediaMeta = {
      ...(focus ? { focus } : {}),
      length: lengthOf(m.duration),
      duration: m.duration,
      fps: Math.round(m.fps),
      ...(m.audio ? { audio_channels: 'stereo' } : {}),
      original: { ...sizeMeta(m.width, m.height), frame_rate: `${Math.round(m.fps)}/1`, duration: m.duration },
      small: sizeMeta(posterSize.width, posterSize.height),
    };
    const done = await updateMediaInState(ctx.db, mediaId, 'processing', {
      state: 'ready',
      file_path: original,
      preview_path: poster,
      content_type: 'video/mp4',
      blurhash: await blurhashOf(video.poster),
      meta: JSON.stringify(meta),
      incoming_key: null,
    });
    // Deleted (or processed by another run) meanwhile: its files are nobody's.
    await releaseFiles(ctx, done ? [row.incoming_key] : [original, poster]);
  } catch (err) {
    if (err instanceof ValidationError) return await fail(err.message);
    ctx.logger.error({ err, mediaId }, 'processing an upload failed');
    await fail(GENERIC_FAILURE);
  }
}

/**
 * Writes how far processing is into the attachment's `meta.processing.progress` (0-1), which GET /api/v1/media/:id
 * shows while it answers 206 and the web app draws: at most twice a second, one write at a time, only forward.
 */
function progressWriter(ctx: Pick<MediaFilesDeps, 'db' | 'logger'>, mediaId: string): (fraction: number) => void {
  let shown = 0;
  let lastAt = 0;
  let writing = false;
  return (fraction) => {
    const progress = Math.min(0.99, Math.max(0, Math.round(fraction * 100) / 100));
    if (writing || progress <= shown || Date.now() - lastAt < 500) return;
    shown = progress;
    lastAt = Date.now();
    writing = true;
    // Over the meta as it is now, so a focal point set meanwhile is kept.
    findMedia(ctx.db, mediaId)
      .then((now) => updateMediaInState(ctx.db, mediaId, 'processing', { meta: JSON.stringify({ ...parseMeta(now?.meta ?? null), processing: { progress } }) }))
      .catch((err) => ctx.logger.warn({ err, mediaId }, 'could not record processing progress'))
      .finally(() => {
        writing = false;
      });
  };
}

async function posterDimensions(poster: Buffer): Promise<{ width: number; height: number }> {
  const meta = await sharp(poster).metadata();
  return { width: meta.width ?? 0, height: meta.height ?? 0 };
}
