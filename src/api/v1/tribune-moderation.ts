import { Hono } from 'hono';
import { z } from 'zod';
import { requireUser, viewerId } from '../../middleware/auth.js';
import { appealAction, MAX_APPEAL_CHARS } from '../../moderation/appeals.service.js';
import { actionsForAccount, ownAction } from '../../moderation/lists.service.js';
import type { AppEnv } from '../env.js';
import { pageSchema, setLinkHeader, toPage } from '../pagination.js';
import { params, pathId } from '../params.js';
import { renderActions } from '../render/moderation.js';

// Tribune extension: every moderation action against the signed-in account, and its appeal.
// These paths stay open to a suspended account (see the authenticate middleware) so it can appeal.
export const tribuneModerationRoutes = new Hono<AppEnv>();

tribuneModerationRoutes.get('/api/v1/tribune/moderation/actions', requireUser('read:accounts'), async (c) => {
  const p = await params(c, pageSchema(20, 40));
  const rows = await actionsForAccount(c.var.ctx, viewerId(c), toPage(p));
  setLinkHeader(
    c,
    rows.map((r) => r.id),
  );
  return c.json(await renderActions(c.var.ctx, rows));
});

tribuneModerationRoutes.get('/api/v1/tribune/moderation/actions/:id', requireUser('read:accounts'), async (c) => {
  const row = await ownAction(c.var.ctx, viewerId(c), pathId(c));
  return c.json((await renderActions(c.var.ctx, [row]))[0]);
});

tribuneModerationRoutes.post('/api/v1/tribune/moderation/actions/:id/appeal', requireUser('write:reports'), async (c) => {
  const id = pathId(c);
  const p = await params(c, z.object({ text: z.string().max(MAX_APPEAL_CHARS) }));
  await appealAction(c.var.ctx, viewerId(c), id, p.text);
  const row = await ownAction(c.var.ctx, viewerId(c), id);
  return c.json((await renderActions(c.var.ctx, [row]))[0]);
});
