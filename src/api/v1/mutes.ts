import { Hono } from 'hono';
import { pageMutes } from '../../domain/relationships/relationships.store.js';
import { nowIso } from '../../domain/time.js';
import { requireUser, viewerId } from '../../middleware/auth.js';
import { loadAccounts } from '../entities/account.js';
import type { AppEnv } from '../env.js';
import { pageSchema, setLinkHeader, toPage } from '../pagination.js';
import { params } from '../params.js';

// The accounts the viewer mutes, newest first: https://docs.joinmastodon.org/methods/mutes/
export const mutesRoutes = new Hono<AppEnv>();

mutesRoutes.get('/api/v1/mutes', requireUser('read:mutes'), async (c) => {
  const page = toPage(await params(c, pageSchema(40, 80)));
  const rows = await pageMutes(c.var.ctx.db, viewerId(c), page, nowIso());
  const accounts = await loadAccounts(
    c.var.ctx,
    rows.map((r) => r.account_id),
  );
  setLinkHeader(
    c,
    rows.map((r) => r.key),
  );
  // Mastodon adds when each mute ends.
  return c.json(rows.flatMap((r) => (accounts.has(r.account_id) ? [{ ...accounts.get(r.account_id)!, mute_expires_at: r.expires_at }] : [])));
});
