import { Hono } from 'hono';
import { z } from 'zod';
import { cancelScheduled, getScheduled, listScheduled, reschedule } from '../../domain/statuses/scheduled.service.js';
import { requireUser, viewerId } from '../../middleware/auth.js';
import type { AppEnv } from '../env.js';
import { pageSchema, setLinkHeader, toPage } from '../pagination.js';
import { params, pathId } from '../params.js';
import { renderScheduledStatus, renderScheduledStatuses } from '../render/statuses.js';

// Mastodon's scheduled posts: https://docs.joinmastodon.org/methods/scheduled_statuses/
// They are made by POST /api/v1/statuses with scheduled_at (src/api/v1/statuses.ts).
export const scheduledStatusesRoutes = new Hono<AppEnv>();

scheduledStatusesRoutes.get('/api/v1/scheduled_statuses', requireUser('read:statuses'), async (c) => {
  const page = toPage(await params(c, pageSchema(20, 40)));
  const posts = await listScheduled(c.var.ctx, viewerId(c), page);
  setLinkHeader(
    c,
    posts.map((p) => p.id),
  );
  return c.json(await renderScheduledStatuses(c.var.ctx, posts));
});

scheduledStatusesRoutes.get('/api/v1/scheduled_statuses/:id', requireUser('read:statuses'), async (c) => {
  const post = await getScheduled(c.var.ctx, viewerId(c), pathId(c));
  return c.json(await renderScheduledStatus(c.var.ctx, post));
});

scheduledStatusesRoutes.put('/api/v1/scheduled_statuses/:id', requireUser('write:statuses'), async (c) => {
  const id = pathId(c);
  const p = await params(c, z.object({ scheduled_at: z.string() }));
  const post = await reschedule(c.var.ctx, viewerId(c), id, p.scheduled_at);
  return c.json(await renderScheduledStatus(c.var.ctx, post));
});

scheduledStatusesRoutes.delete('/api/v1/scheduled_statuses/:id', requireUser('write:statuses'), async (c) => {
  await cancelScheduled(c.var.ctx, viewerId(c), pathId(c));
  return c.json({});
});
