import { Hono } from 'hono';
import { z } from 'zod';
import { authorizeFollowRequest, rejectFollowRequest, relationshipFacts } from '../../domain/relationships/relationships.service.js';
import { pageFollowRequests } from '../../domain/relationships/relationships.store.js';
import { requireUser, viewerId } from '../../middleware/auth.js';
import { accountPage } from '../account-page.js';
import { serializeRelationship } from '../entities/relationship.js';
import type { AppEnv } from '../env.js';
import { pageSchema, toPage } from '../pagination.js';
import { params, zId } from '../params.js';

export const followRequestsRoutes = new Hono<AppEnv>();

followRequestsRoutes.get('/api/v1/follow_requests', requireUser('read:follows'), async (c) => {
  const page = toPage(await params(c, pageSchema(40, 80)));
  const rows = await pageFollowRequests(c.var.ctx.db, viewerId(c), page);
  return accountPage(c, rows);
});

const idOf = (raw: string) => {
  const parsed = z.object({ id: zId }).safeParse({ id: raw });
  return parsed.success ? parsed.data.id : '0';
};

followRequestsRoutes.post('/api/v1/follow_requests/:id/authorize', requireUser('write:follows'), async (c) => {
  const id = idOf(c.req.param('id'));
  await authorizeFollowRequest(c.var.ctx, viewerId(c), id);
  return c.json(serializeRelationship(id, await relationshipFacts(c.var.ctx, viewerId(c), [id])));
});

followRequestsRoutes.post('/api/v1/follow_requests/:id/reject', requireUser('write:follows'), async (c) => {
  const id = idOf(c.req.param('id'));
  await rejectFollowRequest(c.var.ctx, viewerId(c), id);
  return c.json(serializeRelationship(id, await relationshipFacts(c.var.ctx, viewerId(c), [id])));
});
