import { Hono } from 'hono';
import { uploadMedia } from '../../media/upload.js';
import { requireUser } from '../../middleware/auth.js';
import { serializeUpload } from '../entities/media.js';
import type { AppEnv } from '../env.js';
import { params } from '../params.js';
import { uploadSchema } from '../v1/media.js';

export const mediaV2Routes = new Hono<AppEnv>();

// https://docs.joinmastodon.org/methods/media/#v2: a still image is processed at once (200); a video or an animated
// GIF answers 202 with no URL, and the client asks GET /api/v1/media/:id until it is ready.
mediaV2Routes.post('/api/v2/media', requireUser('write:media'), async (c) => {
  const p = await params(c, uploadSchema);
  const row = await uploadMedia(c.var.ctx, c.var.viewer!.accountId!, p, { wait: false });
  return c.json(serializeUpload(c.var.ctx, row), row.state === 'ready' ? 200 : 202);
});
