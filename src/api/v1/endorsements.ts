import type { Context } from 'hono';
import { Hono } from 'hono';
import { getPublicAccount } from '../../domain/accounts/accounts.service.js';
import { endorse, endorsements, unendorse } from '../../domain/endorsements/endorsements.service.js';
import { relationshipFacts } from '../../domain/relationships/relationships.service.js';
import { optionalUser, requireUser, viewerId } from '../../middleware/auth.js';
import { serializeRelationship } from '../entities/relationship.js';
import type { AppEnv } from '../env.js';
import { pageSchema, setLinkHeader, toPage } from '../pagination.js';
import { params, pathId } from '../params.js';
import { loadAccounts } from '../render/accounts.js';

// Endorsements ("feature on profile"): https://docs.joinmastodon.org/methods/accounts/#pin ,
// https://docs.joinmastodon.org/methods/endorsements/ and GET /api/v1/accounts/:id/endorsements (Mastodon 4.4).
export const endorsementsRoutes = new Hono<AppEnv>();

async function relationship(c: Context<AppEnv>, targetId: string) {
  return serializeRelationship(targetId, await relationshipFacts(c.var.ctx, viewerId(c), [targetId]));
}

endorsementsRoutes.post('/api/v1/accounts/:id/pin', requireUser('write:accounts'), async (c) => {
  await endorse(c.var.ctx, viewerId(c), pathId(c));
  return c.json(await relationship(c, pathId(c)));
});

endorsementsRoutes.post('/api/v1/accounts/:id/unpin', requireUser('write:accounts'), async (c) => {
  await unendorse(c.var.ctx, viewerId(c), pathId(c));
  return c.json(await relationship(c, pathId(c)));
});

async function page(c: Context<AppEnv>, accountId: string) {
  const p = await params(c, pageSchema(40, 80));
  const { pageIds, accountIds } = await endorsements(c.var.ctx, accountId, toPage(p));
  setLinkHeader(c, pageIds);
  const accounts = await loadAccounts(c.var.ctx, accountIds);
  return c.json(accountIds.flatMap((id) => accounts.get(id) ?? []));
}

endorsementsRoutes.get('/api/v1/endorsements', requireUser('read:accounts'), (c) => page(c, viewerId(c)));

endorsementsRoutes.get('/api/v1/accounts/:id/endorsements', optionalUser('read:accounts'), async (c) => {
  const account = await getPublicAccount(c.var.ctx, pathId(c));
  if (account.suspended_at) return c.json([]);
  return page(c, account.id);
});
