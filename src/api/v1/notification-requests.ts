import { Hono } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import {
  decideNotificationRequest,
  decideNotificationRequests,
  getNotificationRequest,
  listNotificationRequests,
} from '../../domain/notifications/requests.service.js';
import type { RequestRow } from '../../domain/notifications/requests.store.js';
import { NotFoundError } from '../../errors.js';
import { requireUser, viewerId } from '../../middleware/auth.js';
import { serializeNotificationRequest } from '../entities/notification-request.js';
import type { AppEnv } from '../env.js';
import { pageSchema, setLinkHeader, toPage } from '../pagination.js';
import { params, pathId, zId, zList } from '../params.js';
import { loadAccounts } from '../render/accounts.js';
import { renderStatusIds } from '../render/statuses.js';

// Mastodon 4.3's notification requests: https://docs.joinmastodon.org/methods/notifications/#get-requests
// Notifications the reader's policy filtered wait here, one request per sender, until accepted or dismissed.
export const notificationRequestsRoutes = new Hono<AppEnv>();

async function render(ctx: AppContext, rows: RequestRow[], me: string) {
  const [accounts, statuses] = await Promise.all([
    loadAccounts(
      ctx,
      rows.map((r) => r.from_account_id),
    ),
    renderStatusIds(
      ctx,
      rows.flatMap((r) => (r.last_status_id ? [r.last_status_id] : [])),
      me,
    ),
  ]);
  const byId = new Map(statuses.map((s) => [s.id, s]));
  return rows.flatMap((r) => {
    const account = accounts.get(r.from_account_id);
    return account ? [serializeNotificationRequest(r, account, r.last_status_id ? byId.get(r.last_status_id) : undefined)] : [];
  });
}

const listSchema = pageSchema(40, 80).extend({ dismissed: z.unknown().optional() });

notificationRequestsRoutes.get('/api/v1/notifications/requests', requireUser('read:notifications'), async (c) => {
  const p = await params(c, listSchema);
  const me = viewerId(c);
  const rows = await listNotificationRequests(c.var.ctx, me, toPage(p));
  setLinkHeader(
    c,
    rows.map((r) => r.id),
  );
  return c.json(await render(c.var.ctx, rows, me));
});

// Tribune accepts and dismisses within the request itself: every merge is already done.
notificationRequestsRoutes.get('/api/v1/notifications/requests/merged', requireUser('read:notifications'), (c) => c.json({ merged: true }));

const idsSchema = z.object({ id: zList(zId).pipe(z.array(z.string()).min(1).max(100)) });

for (const decision of ['accept', 'dismiss'] as const) {
  notificationRequestsRoutes.post(`/api/v1/notifications/requests/${decision}`, requireUser('write:notifications'), async (c) => {
    const p = await params(c, idsSchema);
    await decideNotificationRequests(c.var.ctx, viewerId(c), p.id, decision);
    return c.json({});
  });
  notificationRequestsRoutes.post(`/api/v1/notifications/requests/:id/${decision}`, requireUser('write:notifications'), async (c) => {
    await decideNotificationRequest(c.var.ctx, viewerId(c), pathId(c), decision);
    return c.json({});
  });
}

notificationRequestsRoutes.get('/api/v1/notifications/requests/:id', requireUser('read:notifications'), async (c) => {
  const me = viewerId(c);
  const row = await getNotificationRequest(c.var.ctx, me, pathId(c));
  const [entity] = await render(c.var.ctx, [row], me);
  if (!entity) throw new NotFoundError();
  return c.json(entity);
});
