import { Hono } from 'hono';
import { z } from 'zod';
import { getAccount, getPublicAccount } from '../../domain/accounts/accounts.service.js';
import { featuredTagSuggestions, featureTag, listFeaturedTags, unfeatureTag } from '../../domain/featured-tags/featured-tags.service.js';
import { optionalUser, requireUser, viewerId } from '../../middleware/auth.js';
import { serializeFeaturedTag } from '../entities/featured-tag.js';
import { serializeTag } from '../entities/tag.js';
import type { AppEnv } from '../env.js';
import { params, pathId } from '../params.js';

// https://docs.joinmastodon.org/methods/featured_tags/ and GET /api/v1/accounts/:id/featured_tags
export const featuredTagsRoutes = new Hono<AppEnv>();

featuredTagsRoutes.get('/api/v1/featured_tags', requireUser('read:accounts'), async (c) => {
  const me = await getAccount(c.var.ctx, viewerId(c));
  const rows = await listFeaturedTags(c.var.ctx, me.id);
  return c.json(rows.map((r) => serializeFeaturedTag(c.var.ctx, me.username, r)));
});

featuredTagsRoutes.get('/api/v1/featured_tags/suggestions', requireUser('read:accounts'), async (c) => {
  const views = await featuredTagSuggestions(c.var.ctx, viewerId(c));
  return c.json(views.map((v) => serializeTag(c.var.ctx, v)));
});

featuredTagsRoutes.post('/api/v1/featured_tags', requireUser('write:accounts'), async (c) => {
  const p = await params(c, z.object({ name: z.string().min(1).max(200) }));
  const me = await getAccount(c.var.ctx, viewerId(c));
  return c.json(serializeFeaturedTag(c.var.ctx, me.username, await featureTag(c.var.ctx, me.id, p.name)));
});

featuredTagsRoutes.delete('/api/v1/featured_tags/:id', requireUser('write:accounts'), async (c) => {
  await unfeatureTag(c.var.ctx, viewerId(c), pathId(c));
  return c.json({});
});

featuredTagsRoutes.get('/api/v1/accounts/:id/featured_tags', optionalUser('read:accounts'), async (c) => {
  const account = await getPublicAccount(c.var.ctx, pathId(c));
  if (account.suspended_at) return c.json([]);
  const rows = await listFeaturedTags(c.var.ctx, account.id);
  return c.json(rows.map((r) => serializeFeaturedTag(c.var.ctx, account.username, r)));
});
