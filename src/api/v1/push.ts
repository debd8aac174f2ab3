import { Hono } from 'hono';
import { z } from 'zod';
import { PUSH_NOTIFICATION_TYPES } from '../../domain/notifications/types.js';
import { NotFoundError } from '../../errors.js';
import { requireUser, viewerId } from '../../middleware/auth.js';
import { type Alerts, currentSubscription, subscribe, unsubscribe, updateSubscription, vapidPublicKey } from '../../web/push/push.service.js';
import { serializeWebPushSubscription } from '../entities/web-push-subscription.js';
import type { AppEnv } from '../env.js';
import { params, zBool } from '../params.js';

// Mastodon's Web Push API: one subscription per access token. https://docs.joinmastodon.org/methods/push/
export const pushRoutes = new Hono<AppEnv>();

const zAlerts = z
  .object(Object.fromEntries(PUSH_NOTIFICATION_TYPES.map((t) => [t, zBool.optional()])))
  .partial()
  .optional();
const zPolicy = z.enum(['all', 'followed', 'follower', 'none']);
const zData = z.object({ alerts: zAlerts, policy: zPolicy.optional() }).optional();

const createSchema = z.object({
  subscription: z.object({
    endpoint: z
      .string()
      .url()
      .max(2048)
      .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL'),
    keys: z.object({ p256dh: z.string().min(1).max(256), auth: z.string().min(1).max(256) }),
    standard: zBool.optional(),
  }),
  data: zData,
});

const updateSchema = z.object({ data: zData, policy: zPolicy.optional() });

function cleanAlerts(alerts: Record<string, boolean | undefined> | undefined): Alerts {
  const out: Alerts = {};
  for (const t of PUSH_NOTIFICATION_TYPES) out[t] = alerts?.[t] ?? false;
  return out;
}

function tokenOf(c: { var: AppEnv['Variables'] }): { accountId: string; tokenId: string } {
  return { accountId: c.var.viewer!.accountId!, tokenId: c.var.viewer!.tokenId };
}

pushRoutes.post('/api/v1/push/subscription', requireUser('push'), async (c) => {
  viewerId(c);
  const input = await params(c, createSchema);
  const row = await subscribe(c.var.ctx, tokenOf(c), {
    endpoint: input.subscription.endpoint,
    p256dh: input.subscription.keys.p256dh,
    auth: input.subscription.keys.auth,
    standard: input.subscription.standard ?? false,
    alerts: cleanAlerts(input.data?.alerts),
    policy: input.data?.policy ?? 'all',
  });
  return c.json(serializeWebPushSubscription(row, vapidPublicKey(c.var.ctx)));
});

pushRoutes.get('/api/v1/push/subscription', requireUser('push'), async (c) => {
  const row = await currentSubscription(c.var.ctx, tokenOf(c).tokenId);
  if (!row) throw new NotFoundError();
  return c.json(serializeWebPushSubscription(row, vapidPublicKey(c.var.ctx)));
});

pushRoutes.put('/api/v1/push/subscription', requireUser('push'), async (c) => {
  const input = await params(c, updateSchema);
  const row = await updateSubscription(c.var.ctx, tokenOf(c).tokenId, {
    alerts: input.data?.alerts as Alerts | undefined,
    policy: input.data?.policy ?? input.policy,
  });
  if (!row) throw new NotFoundError();
  return c.json(serializeWebPushSubscription(row, vapidPublicKey(c.var.ctx)));
});

pushRoutes.delete('/api/v1/push/subscription', requireUser('push'), async (c) => {
  await unsubscribe(c.var.ctx, tokenOf(c).tokenId);
  return c.json({});
});
