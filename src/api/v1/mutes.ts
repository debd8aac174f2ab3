import { Hono } from 'hono';
import { pageMutes } from '../../domain/relationships/relationships.store.js';
import { nowIso } from '../../domain/time.js';
import { requireUser, viewerId } from '../../middleware/auth.js';
import { accountPage } from '../account-page.js';
import type { AppEnv } from '../env.js';
import { pageSchema, toPage } from '../pagination.js';
import { params } from '../params.js';

// The accounts the viewer mutes, newest first: https://docs.joinmastodon.org/methods/mutes/
export const mutesRoutes = new Hono<AppEnv>();

mutesRoutes.get('/api/v1/mutes', requireUser('read:mutes'), async (c) => {
  const page = toPage(await params(c, pageSchema(40, 80)));
  const rows = await pageMutes(c.var.ctx.db, viewerId(c), page, nowIso());
  // Mastodon adds when each mute ends.
  return accountPage(c, rows, (account, r) => ({ ...account, mute_expires_at: r.expires_at }));
});
