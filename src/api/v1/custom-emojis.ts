import { Hono } from 'hono';
import { z } from 'zod';
import { addCustomEmoji, allCustomEmojis, removeCustomEmoji } from '../../domain/custom-emojis/custom-emojis.service.js';
import { publicRoute, requireStaff, viewerId } from '../../middleware/auth.js';
import { serializeAdminCustomEmoji, serializeCustomEmoji } from '../entities/custom-emoji.js';
import type { AppEnv } from '../env.js';
import { params, zBool } from '../params.js';

// https://docs.joinmastodon.org/methods/custom_emojis/ for everyone; Mastodon's admin API has no custom emojis,
// so admins add them through Tribune's own routes under /api/v1/admin/tribune/custom_emojis (docs/api.md).
export const customEmojisRoutes = new Hono<AppEnv>();

customEmojisRoutes.get('/api/v1/custom_emojis', publicRoute(), async (c) => {
  const rows = await allCustomEmojis(c.var.ctx);
  return c.json(rows.map((r) => serializeCustomEmoji(c.var.ctx, r)));
});

customEmojisRoutes.get('/api/v1/admin/tribune/custom_emojis', requireStaff('admin:read', 'admin'), async (c) => {
  const rows = await allCustomEmojis(c.var.ctx);
  return c.json(rows.map((r) => serializeAdminCustomEmoji(c.var.ctx, r)));
});

const addSchema = z.object({
  shortcode: z.string(),
  image: z.instanceof(File, { message: 'must be a file sent as multipart/form-data' }),
  category: z.string().max(256).optional(),
  visible_in_picker: zBool.optional(),
});

customEmojisRoutes.post('/api/v1/admin/tribune/custom_emojis', requireStaff('admin:write', 'admin'), async (c) => {
  const p = await params(c, addSchema);
  const row = await addCustomEmoji(c.var.ctx, viewerId(c), {
    shortcode: p.shortcode,
    image: { bytes: Buffer.from(await p.image.arrayBuffer()), declaredType: p.image.type },
    category: p.category ?? null,
    visibleInPicker: p.visible_in_picker,
  });
  return c.json(serializeAdminCustomEmoji(c.var.ctx, row));
});

customEmojisRoutes.delete('/api/v1/admin/tribune/custom_emojis/:key', requireStaff('admin:write', 'admin'), async (c) => {
  const row = await removeCustomEmoji(c.var.ctx, viewerId(c), c.req.param('key'));
  return c.json(serializeAdminCustomEmoji(c.var.ctx, row));
});
