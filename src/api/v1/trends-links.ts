import { Hono } from 'hono';
import { z } from 'zod';
import { trendingLinks } from '../../domain/trends/links.service.js';
import { publicRoute } from '../../middleware/auth.js';
import { serializePreviewCard } from '../entities/preview-card.js';
import type { AppEnv } from '../env.js';
import { params, zInt } from '../params.js';

// https://docs.joinmastodon.org/methods/trends/#links : preview cards of recent public posts with their history
// (Mastodon's Trends::Link), scored as trending hashtags are.
export const trendsLinksRoutes = new Hono<AppEnv>();

const schema = z.object({
  limit: zInt(1, 1000)
    .default(10)
    .transform((n) => Math.min(n, 20)),
  offset: zInt(0, 10_000).default(0),
});

trendsLinksRoutes.get('/api/v1/trends/links', publicRoute(), async (c) => {
  const p = await params(c, schema);
  const links = await trendingLinks(c.var.ctx, p.limit, p.offset);
  return c.json(links.map((l) => ({ ...serializePreviewCard(l.card), history: l.history })));
});
