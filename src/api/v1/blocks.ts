import { Hono } from 'hono';
import { pageBlocks } from '../../domain/relationships/relationships.store.js';
import { requireUser, viewerId } from '../../middleware/auth.js';
import { accountPage } from '../account-page.js';
import type { AppEnv } from '../env.js';
import { pageSchema, toPage } from '../pagination.js';
import { params } from '../params.js';

// The accounts the viewer blocks, newest first: https://docs.joinmastodon.org/methods/blocks/
export const blocksRoutes = new Hono<AppEnv>();

blocksRoutes.get('/api/v1/blocks', requireUser('read:blocks'), async (c) => {
  const page = toPage(await params(c, pageSchema(40, 80)));
  const rows = await pageBlocks(c.var.ctx.db, viewerId(c), page);
  return accountPage(c, rows);
});
