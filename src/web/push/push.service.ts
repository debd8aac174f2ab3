import webpush from 'web-push';
import { isPushNotificationType, type PushNotificationType } from '../../domain/notifications/types.js';
import { nowIso } from '../../domain/time.js';
import { ValidationError } from '../../errors.js';
import type { Infra } from '../../infra/infra.js';
import {
  deleteSubscriptionById,
  deleteSubscriptionByToken,
  findSubscriptionByToken,
  follows,
  insertSettingOnce,
  loadNotificationForPush,
  type PushSubscriptionRow,
  replaceSubscription,
  subscriptionsForAccount,
  updateSubscriptionData,
} from './push.store.js';

export type PushDeps = Pick<Infra, 'db' | 'ids' | 'config' | 'jobs' | 'logger'> & { webPush: PushState };

export type Alerts = Partial<Record<PushNotificationType, boolean>>;
export type PushPolicy = 'all' | 'followed' | 'follower' | 'none';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

const VAPID_SETTING = 'web_push.vapid_keys';

export interface PushState {
  keys: VapidKeys;
  /** Push services are HTTPS; tests point subscriptions at a plain-HTTP stand-in on loopback. */
  allowHttp: boolean;
}

/** The server's VAPID public key (URL-safe base64), as clients pass it to pushManager.subscribe(). */
export function vapidPublicKey(ctx: { webPush: PushState }): string | null {
  return ctx.webPush.keys.publicKey;
}

/**
 * VAPID keys are generated on first start and kept in `settings`, read once at start into ctx.webPush.
 */
export async function createPushState(db: Infra['db']): Promise<PushState> {
  const fresh = webpush.generateVAPIDKeys();
  const stored = JSON.parse(await insertSettingOnce(db, VAPID_SETTING, JSON.stringify(fresh), nowIso())) as VapidKeys;
  return { keys: stored, allowHttp: false };
}

/**
 * Registers the delivery job: createNotification enqueues it once per notification, so with BullMQ exactly one
 * process pushes it, whatever the number of processes.
 */
export function registerPushJobs(ctx: PushDeps): void {
  ctx.jobs.register('web.push.deliver', async (payload) => {
    await deliverNotification(ctx, payload.notificationId);
  });
}

export interface SubscriptionInput {
  endpoint: string;
  p256dh: string;
  auth: string;
  alerts: Alerts;
  policy: PushPolicy;
  standard: boolean;
}

export async function subscribe(ctx: PushDeps, viewer: { accountId: string; tokenId: string }, input: SubscriptionInput): Promise<PushSubscriptionRow> {
  if (!input.endpoint.startsWith('https://') && !ctx.webPush.allowHttp) {
    throw new ValidationError('Validation failed: subscription.endpoint must be an https URL', 'subscription.endpoint');
  }
  const now = nowIso();
  const row = {
    id: ctx.ids.next(),
    account_id: viewer.accountId,
    token_id: viewer.tokenId,
    endpoint: input.endpoint,
    key_p256dh: input.p256dh,
    key_auth: input.auth,
    alerts: JSON.stringify(input.alerts),
    policy: input.policy,
    standard: input.standard ? 1 : 0,
    created_at: now,
    updated_at: now,
  };
  return replaceSubscription(ctx.db, row);
}

export async function currentSubscription(ctx: PushDeps, tokenId: string): Promise<PushSubscriptionRow | undefined> {
  return findSubscriptionByToken(ctx.db, tokenId);
}

export async function updateSubscription(
  ctx: PushDeps,
  tokenId: string,
  data: { alerts?: Alerts; policy?: PushPolicy },
): Promise<PushSubscriptionRow | undefined> {
  const existing = await findSubscriptionByToken(ctx.db, tokenId);
  if (!existing) return undefined;
  const alerts = data.alerts ? { ...(JSON.parse(existing.alerts) as Alerts), ...data.alerts } : (JSON.parse(existing.alerts) as Alerts);
  await updateSubscriptionData(ctx.db, tokenId, { alerts: JSON.stringify(alerts), policy: data.policy ?? existing.policy, updatedAt: nowIso() });
  return findSubscriptionByToken(ctx.db, tokenId);
}

export async function unsubscribe(ctx: PushDeps, tokenId: string): Promise<void> {
  await deleteSubscriptionByToken(ctx.db, tokenId);
}

// Every pushable type needs a title in each language: a new one fails to compile until it has them.
const TITLES: Record<'en' | 'fr', Record<PushNotificationType | 'other', string>> = {
  en: {
    mention: '{name} mentioned you',
    status: '{name} just posted',
    reblog: '{name} echoed your post',
    follow: '{name} followed you',
    follow_request: '{name} asked to follow you',
    favourite: '{name} upvoted your post',
    poll: 'A poll has ended',
    update: '{name} edited a post',
    quote: '{name} quoted your post',
    'admin.sign_up': '{name} signed up',
    'admin.report': '{name} filed a report',
    other: 'New notification from {name}',
  },
  fr: {
    mention: '{name} vous a mentionné·e',
    status: '{name} vient de publier',
    reblog: '{name} a partagé votre publication',
    follow: '{name} vous suit',
    follow_request: '{name} demande à vous suivre',
    favourite: '{name} a voté pour votre publication',
    poll: 'Un sondage est terminé',
    update: '{name} a modifié une publication',
    quote: '{name} a cité votre publication',
    'admin.sign_up': '{name} s’est inscrit·e',
    'admin.report': '{name} a fait un signalement',
    other: 'Nouvelle notification de {name}',
  },
};

/** The JSON that the service worker receives, in Mastodon's shape (title and body ready to show). */
export function pushPayload(ctx: PushDeps, n: NonNullable<Awaited<ReturnType<typeof loadNotificationForPush>>>): Record<string, unknown> {
  const lang = n.locale?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
  const titles = TITLES[lang];
  const name = n.from_display_name || n.from_username;
  const title = (isPushNotificationType(n.type) ? titles[n.type] : titles.other).replace('{name}', name);
  const body = n.status_spoiler ? n.status_spoiler : (n.status_text ?? '').slice(0, 140);
  return {
    access_token: '',
    preferred_locale: lang,
    notification_id: n.id,
    notification_type: n.type,
    icon: `${ctx.config.publicUrl}/icons/icon-192.png`,
    title,
    body,
    url: n.status_id ? `${ctx.config.publicUrl}/@${n.from_username}/${n.status_id}` : `${ctx.config.publicUrl}/notifications`,
  };
}

async function wants(ctx: PushDeps, sub: PushSubscriptionRow, n: { type: string; account_id: string; from_account_id: string }): Promise<boolean> {
  const alerts = JSON.parse(sub.alerts) as Record<string, boolean>;
  if (!alerts[n.type]) return false;
  switch (sub.policy as PushPolicy) {
    case 'none':
      return false;
    case 'followed':
      return follows(ctx.db, n.account_id, n.from_account_id);
    case 'follower':
      return follows(ctx.db, n.from_account_id, n.account_id);
    default:
      return true;
  }
}

// Push services want a way to reach the sender: an https: or mailto: URL.
function vapidSubject(ctx: PushDeps): string {
  if (ctx.config.contactEmail) return `mailto:${ctx.config.contactEmail}`;
  if (ctx.config.publicUrl.startsWith('https://')) return ctx.config.publicUrl;
  return `mailto:admin@${new URL(ctx.config.publicUrl).hostname}`;
}

/** Sends one notification to each of the recipient's subscriptions that asked for its type. */
export async function deliverNotification(ctx: PushDeps, notificationId: string): Promise<number> {
  const n = await loadNotificationForPush(ctx.db, notificationId);
  if (!n) return 0;
  const { keys } = ctx.webPush;
  const payload = JSON.stringify(pushPayload(ctx, n));
  let sent = 0;
  for (const sub of await subscriptionsForAccount(ctx.db, n.account_id)) {
    if (!(await wants(ctx, sub, n))) continue;
    if (!sub.endpoint.startsWith('https://') && !ctx.webPush.allowHttp) continue;
    try {
      // web-push encrypts and signs; the request itself goes through fetch (timeouts, no extra agent).
      const req = webpush.generateRequestDetails({ endpoint: sub.endpoint, keys: { p256dh: sub.key_p256dh, auth: sub.key_auth } }, payload, {
        TTL: 48 * 3600,
        contentEncoding: sub.standard ? 'aes128gcm' : 'aesgcm',
        vapidDetails: { subject: vapidSubject(ctx), publicKey: keys.publicKey, privateKey: keys.privateKey },
      });
      const res = await fetch(req.endpoint, {
        method: req.method,
        headers: Object.fromEntries(
          Object.entries(req.headers)
            .filter(([k]) => k.toLowerCase() !== 'content-length')
            .map(([k, v]) => [k, String(v)]),
        ),
        body: req.body ? new Uint8Array(req.body) : undefined,
        signal: AbortSignal.timeout(10_000),
        redirect: 'manual',
      });
      await res.arrayBuffer().catch(() => undefined);
      // The browser unsubscribed or the push service forgot the endpoint: drop it.
      if (res.status === 404 || res.status === 410) await deleteSubscriptionById(ctx.db, String(sub.id));
      else if (res.ok) sent++;
      else ctx.logger.warn({ status: res.status, endpoint: sub.endpoint }, 'web push refused');
    } catch (err) {
      ctx.logger.warn({ err, endpoint: sub.endpoint }, 'web push delivery failed');
    }
  }
  return sent;
}
