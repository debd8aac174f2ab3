import { Hono } from 'hono';
import { pageBlocks } from '../../domain/relationships/relationships.store.js';
import { requireUser, viewerId } from '../../middleware/auth.js';
import { loadAccounts } from '../entities/account.js';
import type { AppEnv } from '../env.js';
import { pageSchema, setLinkHeader, toPage } from '../pagination.js';
import { params } from '../params.js';

// The accounts the viewer blocks, newest first: https://docs.joinmastodon.org/methods/blocks/
export const blocksRoutes = new Hono<AppEnv>();

blocksRoutes.get('/api/v1/blocks', requireUser('read:blocks'), async (c) => {
  const page = toPage(await params(c, pageSchema(40, 80)));
  const rows = await pageBlocks(c.var.ctx.db, viewerId(c), page);
  const accounts = await loadAccounts(
    c.var.ctx,
    rows.map((r) => r.account_id),
  );
  setLinkHeader(
    c,
    rows.map((r) => r.key),
  );
  return c.json(rows.flatMap((r) => (accounts.has(r.account_id) ? [accounts.get(r.account_id)!] : [])));
});
