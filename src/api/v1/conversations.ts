import { Hono } from 'hono';
import { listConversationsFor, markConversationRead, parseParticipants, removeConversation } from '../../domain/conversations/conversations.service.js';
import { requireUser, viewerId } from '../../middleware/auth.js';
import type { AppEnv } from '../env.js';
import { pageSchema, setLinkHeader, toPage } from '../pagination.js';
import { params, pathId } from '../params.js';
import { loadAccounts } from '../render/accounts.js';
import { renderConversations } from '../render/notifications.js';

// Direct conversations: https://docs.joinmastodon.org/methods/conversations/
export const conversationsRoutes = new Hono<AppEnv>();

conversationsRoutes.get('/api/v1/conversations', requireUser('read:statuses'), async (c) => {
  const p = await params(c, pageSchema(20, 40));
  const me = viewerId(c);
  const rows = await listConversationsFor(c.var.ctx, me, toPage(p));
  // Pages are keyed on each conversation's last post, as in Mastodon.
  setLinkHeader(
    c,
    rows.map((r) => r.last_status_id!),
  );
  return c.json(await renderConversations(c.var.ctx, rows, me));
});

conversationsRoutes.delete('/api/v1/conversations/:id', requireUser('write:conversations'), async (c) => {
  const id = pathId(c);
  await removeConversation(c.var.ctx, viewerId(c), id);
  return c.json({});
});

conversationsRoutes.post('/api/v1/conversations/:id/read', requireUser('write:conversations'), async (c) => {
  const id = pathId(c);
  const me = viewerId(c);
  const row = await markConversationRead(c.var.ctx, me, id);
  const [entity] = await renderConversations(c.var.ctx, [row], me);
  if (entity) return c.json(entity);
  // Every post of it is gone: still answer with the conversation and its participants.
  const ids = parseParticipants(row.participant_ids);
  const accounts = await loadAccounts(c.var.ctx, ids.length > 0 ? ids : [me]);
  return c.json({ id: row.id, unread: false, accounts: [...accounts.values()], last_status: null });
});
