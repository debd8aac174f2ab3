import { Hono } from 'hono';
import { z } from 'zod';
import { blockDomain, blockedDomains, unblockDomain } from '../../domain/domain-blocks/domain-blocks.service.js';
import { requireUser, viewerId } from '../../middleware/auth.js';
import { zDomain } from '../domain-param.js';
import type { AppEnv } from '../env.js';
import { pageSchema, setLinkHeader, toPage } from '../pagination.js';
import { params } from '../params.js';

// Servers a person blocks for themselves: https://docs.joinmastodon.org/methods/domain_blocks/
export const domainBlocksRoutes = new Hono<AppEnv>();

const domainSchema = z.object({ domain: zDomain });

domainBlocksRoutes.get('/api/v1/domain_blocks', requireUser('read:blocks'), async (c) => {
  const rows = await blockedDomains(c.var.ctx.db, viewerId(c), toPage(await params(c, pageSchema(100, 200))));
  setLinkHeader(
    c,
    rows.map((r) => r.id),
  );
  return c.json(rows.map((r) => r.domain));
});

domainBlocksRoutes.post('/api/v1/domain_blocks', requireUser('write:blocks'), async (c) => {
  await blockDomain(c.var.ctx, viewerId(c), (await params(c, domainSchema)).domain);
  return c.json({});
});

domainBlocksRoutes.delete('/api/v1/domain_blocks', requireUser('write:blocks'), async (c) => {
  await unblockDomain(c.var.ctx, viewerId(c), (await params(c, domainSchema)).domain);
  return c.json({});
});
