import { Hono } from 'hono';
import { followRequesters } from '../../domain/relationships/account-lists.service.js';
import { authorizeFollowRequest, rejectFollowRequest, relationshipFacts } from '../../domain/relationships/relationships.service.js';
import { requireUser, viewerId } from '../../middleware/auth.js';
import { accountPage } from '../account-page.js';
import { serializeRelationship } from '../entities/relationship.js';
import type { AppEnv } from '../env.js';
import { pageSchema, toPage } from '../pagination.js';
import { params, pathId } from '../params.js';

export const followRequestsRoutes = new Hono<AppEnv>();

followRequestsRoutes.get('/api/v1/follow_requests', requireUser('read:follows'), async (c) => {
  const page = toPage(await params(c, pageSchema(40, 80)));
  const rows = await followRequesters(c.var.ctx, viewerId(c), page);
  return accountPage(c, rows);
});

followRequestsRoutes.post('/api/v1/follow_requests/:id/authorize', requireUser('write:follows'), async (c) => {
  const id = pathId(c);
  await authorizeFollowRequest(c.var.ctx, viewerId(c), id);
  return c.json(serializeRelationship(id, await relationshipFacts(c.var.ctx, viewerId(c), [id])));
});

followRequestsRoutes.post('/api/v1/follow_requests/:id/reject', requireUser('write:follows'), async (c) => {
  const id = pathId(c);
  await rejectFollowRequest(c.var.ctx, viewerId(c), id);
  return c.json(serializeRelationship(id, await relationshipFacts(c.var.ctx, viewerId(c), [id])));
});
