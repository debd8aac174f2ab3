import { Hono } from 'hono';
import { mutedAccounts } from '../../domain/relationships/account-lists.service.js';
import { requireUser, viewerId } from '../../middleware/auth.js';
import { accountPage } from '../account-page.js';
import type { AppEnv } from '../env.js';
import { pageSchema, toPage } from '../pagination.js';
import { params } from '../params.js';

// The accounts the viewer mutes, newest first: https://docs.joinmastodon.org/methods/mutes/
export const mutesRoutes = new Hono<AppEnv>();

mutesRoutes.get('/api/v1/mutes', requireUser('read:mutes'), async (c) => {
  const page = toPage(await params(c, pageSchema(40, 80)));
  const rows = await mutedAccounts(c.var.ctx, viewerId(c), page);
  // Mastodon adds when each mute ends.
  return accountPage(c, rows, (account, r) => ({ ...account, mute_expires_at: r.expires_at }));
});
