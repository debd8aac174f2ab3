import { type Context, Hono } from 'hono';
import { z } from 'zod';
import {
  clearNotifications,
  countUnreadNotificationGroups,
  countUnreadNotifications,
  dismissNotification,
  dismissNotificationGroup,
  getNotificationFor,
  listNotificationGroup,
  listNotificationsFor,
  listNotificationsForGroups,
} from '../../domain/notifications/notifications.service.js';
import type { NotificationFilter } from '../../domain/notifications/notifications.store.js';
import { getNotificationPolicy, POLICY_ACTIONS, POLICY_FIELDS, updateNotificationPolicy } from '../../domain/notifications/policy.service.js';
import { pendingRequestsSummary } from '../../domain/notifications/requests.service.js';
import { NotFoundError } from '../../errors.js';
import { requireUser, viewerId } from '../../middleware/auth.js';
import { serializeNotificationPolicy, serializeNotificationPolicyV1 } from '../entities/notification-policy.js';
import type { AppEnv } from '../env.js';
import { pageSchema, setLinkHeader, toPage } from '../pagination.js';
import { params, pathId, zBool, zId, zList } from '../params.js';
import { loadAccounts } from '../render/accounts.js';
import { renderNotificationGroups, renderNotifications } from '../render/notifications.js';

// https://docs.joinmastodon.org/methods/notifications/ and, for Mastodon 4.3's grouped notifications,
// https://docs.joinmastodon.org/methods/grouped_notifications/
export const notificationsRoutes = new Hono<AppEnv>();

// Unknown types are ignored rather than refused: newer clients ask for types this server never produces.
const zType = z.string().max(64);
const filterSchema = z.object({
  types: zList(zType).optional(),
  exclude_types: zList(zType).optional(),
  account_id: zId.optional(),
});

function toFilter(p: z.infer<typeof filterSchema>): NotificationFilter {
  return { types: p.types, excludeTypes: p.exclude_types, fromAccountId: p.account_id };
}

const listSchema = pageSchema(40, 80).extend(filterSchema.shape);

notificationsRoutes.get('/api/v1/notifications', requireUser('read:notifications'), async (c) => {
  const p = await params(c, listSchema);
  const me = viewerId(c);
  const rows = await listNotificationsFor(c.var.ctx, me, toFilter(p), toPage(p));
  setLinkHeader(
    c,
    rows.map((r) => r.id),
  );
  return c.json(await renderNotifications(c.var.ctx, rows, me));
});

const unreadSchema = filterSchema.extend({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .default(100)
    .transform((n) => Math.min(n, 1000)),
});

notificationsRoutes.get('/api/v1/notifications/unread_count', requireUser('read:notifications'), async (c) => {
  const p = await params(c, unreadSchema);
  return c.json({ count: await countUnreadNotifications(c.var.ctx, viewerId(c), toFilter(p), p.limit) });
});

notificationsRoutes.post('/api/v1/notifications/clear', requireUser('write:notifications'), async (c) => {
  await clearNotifications(c.var.ctx, viewerId(c));
  return c.json({});
});

// Mastodon 4.3's notification policy, stored per account and applied as notifications are created; the requests
// it files are in notification-requests.ts.
const action = z.enum(POLICY_ACTIONS).optional();
const policySchema = z.object(Object.fromEntries(POLICY_FIELDS.map((f) => [f, action])) as Record<(typeof POLICY_FIELDS)[number], typeof action>);
const policyV1Schema = z.object({
  filter_not_following: zBool.optional(),
  filter_not_followers: zBool.optional(),
  filter_new_accounts: zBool.optional(),
  filter_private_mentions: zBool.optional(),
});
const fromV1 = (v: boolean | undefined) => (v === undefined ? undefined : v ? ('filter' as const) : ('accept' as const));

const summary = (c: Context<AppEnv>) => pendingRequestsSummary(c.var.ctx, viewerId(c));

notificationsRoutes.get('/api/v2/notifications/policy', requireUser('read:notifications'), async (c) =>
  c.json(serializeNotificationPolicy(await getNotificationPolicy(c.var.ctx, viewerId(c)), await summary(c))),
);
notificationsRoutes.on(['PATCH', 'PUT'], '/api/v2/notifications/policy', requireUser('write:notifications'), async (c) => {
  const p = await params(c, policySchema);
  return c.json(serializeNotificationPolicy(await updateNotificationPolicy(c.var.ctx, viewerId(c), p), await summary(c)));
});
notificationsRoutes.get('/api/v1/notifications/policy', requireUser('read:notifications'), async (c) =>
  c.json(serializeNotificationPolicyV1(await getNotificationPolicy(c.var.ctx, viewerId(c)), await summary(c))),
);
notificationsRoutes.on(['PATCH', 'PUT'], '/api/v1/notifications/policy', requireUser('write:notifications'), async (c) => {
  const p = await params(c, policyV1Schema);
  const changes = {
    for_not_following: fromV1(p.filter_not_following),
    for_not_followers: fromV1(p.filter_not_followers),
    for_new_accounts: fromV1(p.filter_new_accounts),
    for_private_mentions: fromV1(p.filter_private_mentions),
  };
  return c.json(serializeNotificationPolicyV1(await updateNotificationPolicy(c.var.ctx, viewerId(c), changes), await summary(c)));
});

notificationsRoutes.get('/api/v1/notifications/:id', requireUser('read:notifications'), async (c) => {
  const id = pathId(c);
  const me = viewerId(c);
  const row = await getNotificationFor(c.var.ctx, me, id);
  const [entity] = await renderNotifications(c.var.ctx, [row], me);
  if (!entity) throw new NotFoundError();
  return c.json(entity);
});

notificationsRoutes.post('/api/v1/notifications/:id/dismiss', requireUser('write:notifications'), async (c) => {
  const id = pathId(c);
  await dismissNotification(c.var.ctx, viewerId(c), id);
  return c.json({});
});

// Grouped notifications (Mastodon 4.3, API version 2). `limit` counts groups; a group's count and sample
// accounts are those within the page, as Mastodon does.
const groupedSchema = pageSchema(40, 80)
  .extend(filterSchema.shape)
  .extend({
    grouped_types: zList(zType).optional(),
    expand_accounts: z.enum(['full', 'partial_avatars']).optional(),
    include_filtered: zBool.optional(),
  });

notificationsRoutes.get('/api/v2/notifications', requireUser('read:notifications'), async (c) => {
  const p = await params(c, groupedSchema);
  const me = viewerId(c);
  const grouped = p.grouped_types ? new Set(p.grouped_types) : undefined;
  const rows = await listNotificationsForGroups(c.var.ctx, me, { ...toFilter(p), includeFiltered: p.include_filtered === true }, toPage(p), grouped);
  setLinkHeader(
    c,
    rows.map((r) => r.id),
  );
  return c.json(await renderNotificationGroups(c.var.ctx, rows, me, grouped));
});

notificationsRoutes.get('/api/v2/notifications/unread_count', requireUser('read:notifications'), async (c) => {
  const p = await params(c, unreadSchema.extend({ grouped_types: zList(zType).optional() }));
  return c.json({ count: await countUnreadNotificationGroups(c.var.ctx, viewerId(c), toFilter(p), p.limit) });
});

notificationsRoutes.get('/api/v2/notifications/:group_key', requireUser('read:notifications'), async (c) => {
  const me = viewerId(c);
  const rows = await listNotificationGroup(c.var.ctx, me, c.req.param('group_key'));
  const result = await renderNotificationGroups(c.var.ctx, rows, me);
  if (result.notification_groups.length === 0) throw new NotFoundError();
  return c.json(result);
});

notificationsRoutes.get('/api/v2/notifications/:group_key/accounts', requireUser('read:notifications'), async (c) => {
  const me = viewerId(c);
  const rows = await listNotificationGroup(c.var.ctx, me, c.req.param('group_key'));
  if (rows.length === 0) throw new NotFoundError();
  const ids = [...new Set(rows.map((r) => r.from_account_id))];
  const accounts = await loadAccounts(c.var.ctx, ids);
  return c.json(ids.map((id) => accounts.get(id)).filter((a) => a && !a.suspended));
});

notificationsRoutes.post('/api/v2/notifications/:group_key/dismiss', requireUser('write:notifications'), async (c) => {
  await dismissNotificationGroup(c.var.ctx, viewerId(c), c.req.param('group_key'));
  return c.json({});
});
