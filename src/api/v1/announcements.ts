import { Hono } from 'hono';
import { z } from 'zod';
import {
  createAnnouncement,
  deleteAnnouncement,
  dismissAnnouncement,
  getAnnouncement,
  listActiveAnnouncements,
  listAllAnnouncements,
  MAX_ANNOUNCEMENT_CHARS,
  reactToAnnouncement,
  updateAnnouncement,
} from '../../domain/announcements/announcements.service.js';
import { requireStaff, requireUser, viewerId } from '../../middleware/auth.js';
import type { AppEnv } from '../env.js';
import { params, pathId, zBool } from '../params.js';
import { renderAdminAnnouncements, renderAnnouncements, streamAnnouncement } from '../render/announcements.js';

// https://docs.joinmastodon.org/methods/announcements/ for everyone; Mastodon's admin API has no announcements,
// so admins write them through Tribune's own routes under /api/v1/admin/tribune/announcements (docs/api.md).
export const announcementsRoutes = new Hono<AppEnv>();

announcementsRoutes.get('/api/v1/announcements', requireUser('read'), async (c) => {
  const p = await params(c, z.object({ with_dismissed: zBool.default(false) }));
  const me = viewerId(c);
  return c.json(await renderAnnouncements(c.var.ctx, await listActiveAnnouncements(c.var.ctx, me, p.with_dismissed), me));
});

announcementsRoutes.post('/api/v1/announcements/:id/dismiss', requireUser('write:accounts'), async (c) => {
  await dismissAnnouncement(c.var.ctx, viewerId(c), pathId(c));
  return c.json({});
});

for (const [method, add] of [
  ['put', true],
  ['delete', false],
] as const) {
  announcementsRoutes[method]('/api/v1/announcements/:id/reactions/:name', requireUser('write:favourites'), async (c) => {
    await reactToAnnouncement(c.var.ctx, viewerId(c), pathId(c), c.req.param('name'), add);
    return c.json({});
  });
}

// Dates as ISO 8601 (a date alone is midnight UTC); null clears one.
const zDate = z
  .string()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(s)), 'is not a date')
  .transform((s) => new Date(s).toISOString())
  .nullable();
const fields = {
  starts_at: zDate.optional(),
  ends_at: zDate.optional(),
  all_day: zBool.optional(),
  published: zBool.optional(),
};
const createSchema = z.object({ text: z.string().max(MAX_ANNOUNCEMENT_CHARS * 4), ...fields });
const updateSchema = z.object({
  text: z
    .string()
    .max(MAX_ANNOUNCEMENT_CHARS * 4)
    .optional(),
  ...fields,
});
const input = (p: z.infer<typeof updateSchema>) => ({ text: p.text, startsAt: p.starts_at, endsAt: p.ends_at, allDay: p.all_day, published: p.published });

announcementsRoutes.get('/api/v1/admin/tribune/announcements', requireStaff('admin:read', 'admin'), async (c) =>
  c.json(await renderAdminAnnouncements(c.var.ctx, await listAllAnnouncements(c.var.ctx), viewerId(c))),
);

announcementsRoutes.get('/api/v1/admin/tribune/announcements/:id', requireStaff('admin:read', 'admin'), async (c) => {
  const [entity] = await renderAdminAnnouncements(c.var.ctx, [await getAnnouncement(c.var.ctx, pathId(c))], viewerId(c));
  return c.json(entity);
});

announcementsRoutes.post('/api/v1/admin/tribune/announcements', requireStaff('admin:write', 'admin'), async (c) => {
  const p = await params(c, createSchema);
  const row = await createAnnouncement(c.var.ctx, viewerId(c), { ...input(p), text: p.text });
  await streamAnnouncement(c.var.ctx, row);
  const [entity] = await renderAdminAnnouncements(c.var.ctx, [row], viewerId(c));
  return c.json(entity);
});

announcementsRoutes.put('/api/v1/admin/tribune/announcements/:id', requireStaff('admin:write', 'admin'), async (c) => {
  const p = await params(c, updateSchema);
  const { after } = await updateAnnouncement(c.var.ctx, pathId(c), input(p));
  await streamAnnouncement(c.var.ctx, after);
  const [entity] = await renderAdminAnnouncements(c.var.ctx, [after], viewerId(c));
  return c.json(entity);
});

announcementsRoutes.delete('/api/v1/admin/tribune/announcements/:id', requireStaff('admin:write', 'admin'), async (c) => {
  await deleteAnnouncement(c.var.ctx, pathId(c));
  return c.json({});
});
