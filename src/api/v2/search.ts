import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { search } from '../../domain/search/search.service.js';
import { optionalUser } from '../../middleware/auth.js';
import type { AppEnv } from '../env.js';
import { params, zBool, zId, zInt } from '../params.js';
import { renderSearch } from '../render/search.js';

export const searchRoutes = new Hono<AppEnv>();

const schema = z.object({
  q: z.string().max(500),
  type: z.enum(['accounts', 'hashtags', 'statuses']).optional(),
  resolve: zBool.optional(),
  following: zBool.optional(),
  account_id: zId.optional(),
  exclude_unreviewed: zBool.optional(),
  max_id: zId.optional(),
  min_id: zId.optional(),
  limit: zInt(1, 1000)
    .default(20)
    .transform((n) => Math.min(n, 40)),
  offset: zInt(0, 10_000).default(0),
});

async function searchRoute(c: Context<AppEnv>) {
  const p = await params(c, schema);
  const viewer = c.var.viewer?.accountId ?? null;
  const result = await search(c.var.ctx, viewer, {
    q: p.q,
    type: p.type,
    resolve: !!p.resolve,
    following: !!p.following,
    accountId: p.account_id,
    limit: p.limit,
    offset: p.offset,
  });
  return c.json(await renderSearch(c.var.ctx, result, viewer));
}

searchRoutes.get('/api/v2/search', optionalUser('read:search'), searchRoute);
// Old clients still call v1; it answers in v2's shape.
searchRoutes.get('/api/v1/search', optionalUser('read:search'), searchRoute);
