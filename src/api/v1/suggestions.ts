import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { suggestedAccounts } from '../../domain/relationships/account-lists.service.js';
import { requireUser, viewerId } from '../../middleware/auth.js';
import type { AppEnv } from '../env.js';
import { params, zLimit } from '../params.js';
import { loadAccounts } from '../render/accounts.js';

// Follow suggestions: the most followed local accounts the viewer does not follow yet.
// https://docs.joinmastodon.org/methods/suggestions/
export const suggestionsRoutes = new Hono<AppEnv>();

const limitSchema = z.object({ limit: zLimit(40, 80) });

async function suggestions(c: Context<AppEnv>) {
  const { limit } = await params(c, limitSchema);
  const ids = await suggestedAccounts(c.var.ctx, viewerId(c), limit);
  const accounts = await loadAccounts(c.var.ctx, ids);
  return ids.flatMap((id) => (accounts.has(id) ? [accounts.get(id)!] : []));
}

suggestionsRoutes.get('/api/v2/suggestions', requireUser('read'), async (c) =>
  c.json((await suggestions(c)).map((account) => ({ source: 'global', sources: ['most_followed'], account }))),
);

// The deprecated v1 form lists the accounts alone.
suggestionsRoutes.get('/api/v1/suggestions', requireUser('read'), async (c) => c.json(await suggestions(c)));

// Dismissals are not remembered yet: the call succeeds, as Mastodon's does.
suggestionsRoutes.delete('/api/v1/suggestions/:account_id', requireUser('write:accounts'), (c) => c.json({}));
