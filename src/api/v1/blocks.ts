import { Hono } from 'hono';
import { blockedAccounts } from '../../domain/relationships/account-lists.service.js';
import { requireUser, viewerId } from '../../middleware/auth.js';
import { accountPage } from '../account-page.js';
import type { AppEnv } from '../env.js';
import { pageSchema, toPage } from '../pagination.js';
import { params } from '../params.js';

// The accounts the viewer blocks, newest first: https://docs.joinmastodon.org/methods/blocks/
export const blocksRoutes = new Hono<AppEnv>();

blocksRoutes.get('/api/v1/blocks', requireUser('read:blocks'), async (c) => {
  const page = toPage(await params(c, pageSchema(40, 80)));
  const rows = await blockedAccounts(c.var.ctx, viewerId(c), page);
  return accountPage(c, rows);
});
