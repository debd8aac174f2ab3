import { Hono } from 'hono';
import { z } from 'zod';
import type { AliasRow } from '../../domain/accounts/aliases.store.js';
import { addAlias, aliasesOf, moveAccount, removeAlias } from '../../domain/accounts/moving.js';
import { requireUser, viewerId } from '../../middleware/auth.js';
import type { AppEnv } from '../env.js';
import { params } from '../params.js';
import { loadAccounts } from '../render/accounts.js';

// Tribune extensions for moving an account (Mastodon does it in its settings pages, not its API):
// https://docs.joinmastodon.org/user/moving/
export const tribuneMovingRoutes = new Hono<AppEnv>();

const acctSchema = z.object({ acct: z.string({ error: "can't be blank" }).trim().min(1, "can't be blank").max(2048) });
const moveSchema = acctSchema.extend({ current_password: z.string({ error: "can't be blank" }).min(1, "can't be blank").max(1024) });

const aliasEntity = (a: AliasRow) => ({ id: a.id, uri: a.uri, created_at: a.created_at });

tribuneMovingRoutes.get('/api/v1/tribune/aliases', requireUser('read:accounts'), async (c) => {
  return c.json((await aliasesOf(c.var.ctx, viewerId(c))).map(aliasEntity));
});

tribuneMovingRoutes.post('/api/v1/tribune/aliases', requireUser('write:accounts'), async (c) => {
  const { acct } = await params(c, acctSchema);
  return c.json((await addAlias(c.var.ctx, viewerId(c), acct)).map(aliasEntity));
});

tribuneMovingRoutes.delete('/api/v1/tribune/aliases', requireUser('write:accounts'), async (c) => {
  const { acct } = await params(c, acctSchema);
  return c.json((await removeAlias(c.var.ctx, viewerId(c), acct)).map(aliasEntity));
});

/** Moves the signed-in account to `acct` (which names it as an alias): answers the account, now with `moved`. */
tribuneMovingRoutes.post('/api/v1/tribune/account/move', requireUser('write:accounts'), async (c) => {
  const me = viewerId(c);
  const p = await params(c, moveSchema);
  await moveAccount(c.var.ctx, me, { acct: p.acct, password: p.current_password });
  return c.json((await loadAccounts(c.var.ctx, [me])).get(me));
});
