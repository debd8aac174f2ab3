import { Hono } from 'hono';
import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { deleteMedia, getOwnUnattachedMedia, updateMedia } from '../../media/media.service.js';
import { uploadMedia } from '../../media/upload.js';
import { requireUser } from '../../middleware/auth.js';
import { serializeUpload } from '../entities/media.js';
import type { AppEnv } from '../env.js';
import { params, pathId } from '../params.js';

// https://docs.joinmastodon.org/methods/media/: every call needs write:media, and sees only the caller's uploads.
export const mediaRoutes = new Hono<AppEnv>();

export const uploadSchema = z.object({
  file: z.instanceof(File, { message: 'must be a file sent as multipart/form-data' }),
  // Mastodon's custom thumbnail for audio and video: accepted and not used.
  thumbnail: z.unknown().optional(),
  description: z.string().optional(),
  focus: z.string().optional(),
});

/** The deprecated v1 upload: processed within the request, whatever the file (200, or 422 with the reason). */
mediaRoutes.post('/api/v1/media', requireUser('write:media'), async (c) => {
  const p = await params(c, uploadSchema);
  const row = await uploadMedia(c.var.ctx, c.var.viewer!.accountId!, p, { wait: true });
  if (row.state === 'failed') throw new ValidationError(row.failure ?? 'Validation failed: file could not be processed', 'file');
  return c.json(serializeUpload(c.var.ctx, row));
});

/** 206 while processing, 422 with the reason when processing failed, 200 when ready (as Mastodon). */
mediaRoutes.get('/api/v1/media/:id', requireUser('write:media'), async (c) => {
  const row = await getOwnUnattachedMedia(c.var.ctx, c.var.viewer!.accountId!, pathId(c));
  if (row.state === 'failed') throw new ValidationError(row.failure ?? 'Validation failed: file could not be processed', 'file');
  return c.json(serializeUpload(c.var.ctx, row), row.state === 'processing' ? 206 : 200);
});

const updateSchema = z.object({
  description: z.string().optional(),
  focus: z.string().optional(),
  thumbnail: z.unknown().optional(),
});

mediaRoutes.put('/api/v1/media/:id', requireUser('write:media'), async (c) => {
  const id = pathId(c);
  const p = await params(c, updateSchema);
  const row = await updateMedia(c.var.ctx, c.var.viewer!.accountId!, id, p);
  return c.json(serializeUpload(c.var.ctx, row));
});

mediaRoutes.delete('/api/v1/media/:id', requireUser('write:media'), async (c) => {
  const row = await deleteMedia(c.var.ctx, c.var.viewer!.accountId!, pathId(c));
  return c.json(serializeUpload(c.var.ctx, row));
});
