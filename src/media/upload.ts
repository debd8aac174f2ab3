import { nowIso } from '../domain/time.js';
import { ValidationError } from '../errors.js';
import type { MediaDeps } from './deps.js';
import { matchImage } from './hash-lists/matcher.js';
import { type DetectedUpload, detectUpload } from './image/detect.js';
import { processImage, readImageHeader } from './image/process-image.js';
import { refuseMatch } from './match-refusal.js';
import { findMedia, insertMedia, type MediaRow } from './media.store.js';
import { releaseFiles, storeFile, storeIncoming } from './media-files.js';
import { type MediaMeta, parseFocus, sizeMeta } from './media-meta.js';
import { processUpload } from './process-upload.js';

/** Mastodon's limit on a description (alt text). */
export const DESCRIPTION_LIMIT = 1500;

export interface UploadInput {
  file: File;
  description?: string;
  focus?: string;
}

export function checkDescription(description: string | undefined): string | null {
  if (description === undefined || description === '') return null;
  if ([...description].length > DESCRIPTION_LIMIT)
    throw new ValidationError(`Validation failed: description is too long (maximum is ${DESCRIPTION_LIMIT} characters)`, 'description');
  return description;
}

function megabytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 100) / 100} MB`;
}

function checkSize(ctx: Pick<MediaDeps, 'config'>, size: number, detected: DetectedUpload): void {
  const limit = detected.family === 'video' ? ctx.config.media.videoLimitBytes : ctx.config.media.imageLimitBytes;
  if (size > limit) throw new ValidationError(`Validation failed: file is too large (${megabytes(size)}; the limit is ${megabytes(limit)})`, 'file');
}

/**
 * An upload, checked and made ready to post: its real type read from its bytes, its size and pixel count against the
 * limits (before decoding), its bytes matched against the hash lists (a match stores nothing and opens a case),
 * then a still image is processed at once. A video or an animated GIF is kept raw and left to the job
 * `media.process` (state `processing`); `wait` runs that job's work in this request instead (POST /api/v1/media).
 */
export async function uploadMedia(ctx: MediaDeps, accountId: string, input: UploadInput, opts: { wait: boolean }): Promise<MediaRow> {
  const bytes = Buffer.from(await input.file.arrayBuffer());
  if (bytes.length === 0) throw new ValidationError("Validation failed: file can't be blank", 'file');
  const description = checkDescription(input.description);
  const focus = input.focus !== undefined && input.focus !== '' ? parseFocus(input.focus) : undefined;
  const detected = await detectUpload(bytes, input.file.type);
  checkSize(ctx, bytes.length, detected);

  let kind: 'image' | 'gifv' | 'video' = detected.family === 'video' ? 'video' : 'image';
  let header: Awaited<ReturnType<typeof readImageHeader>> | null = null;
  if (detected.family !== 'video') {
    header = await readImageHeader(bytes, ctx.config.media);
    // An animated GIF is shown as a silent looping video, as Mastodon does (`gifv`).
    if (detected.family === 'gif' && header.pages > 1) kind = 'gifv';
    const { match } = await matchImage(ctx, bytes);
    if (match) await refuseMatch(ctx, accountId, match);
  }
  const id = ctx.ids.next();
  const base = { id, account_id: accountId, status_id: null, description, created_at: nowIso() };

  if (kind === 'image' && header) {
    const img = await processImage(bytes, detected.mime, header, ctx.config.media);
    const original = await storeFile(ctx, 'original', img.original.data, img.original.ext, img.original.contentType);
    const small = await storeFile(ctx, 'small', img.small.data, img.small.ext, img.small.contentType);
    const meta: MediaMeta = {
      original: sizeMeta(img.original.width, img.original.height),
      small: sizeMeta(img.small.width, img.small.height),
      ...(focus ? { focus } : {}),
    };
    try {
      await insertMedia(ctx.db, {
        ...base,
        type: 'image',
        file_path: original,
        preview_path: small,
        content_type: img.original.contentType,
        blurhash: img.blurhash,
        meta: JSON.stringify(meta),
        state: 'ready',
      });
    } catch (err) {
      await releaseFiles(ctx, [original, small]);
      throw err;
    }
    return (await findMedia(ctx.db, id))!;
  }

  const incoming = await storeIncoming(ctx, bytes);
  try {
    await insertMedia(ctx.db, {
      ...base,
      type: kind,
      file_path: null,
      preview_path: null,
      content_type: null,
      blurhash: null,
      meta: JSON.stringify(focus ? { focus } : {}),
      state: 'processing',
      incoming_key: incoming,
    });
  } catch (err) {
    await releaseFiles(ctx, [incoming]);
    throw err;
  }
  if (opts.wait) await processUpload(ctx, id);
  else ctx.jobs.enqueue('media.process', { mediaId: id });
  return (await findMedia(ctx.db, id))!;
}
