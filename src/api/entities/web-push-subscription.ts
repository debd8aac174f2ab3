import type { PushSubscriptionRow } from '../../web/push/push.store.js';

/** Mastodon's WebPushSubscription entity. https://docs.joinmastodon.org/entities/WebPushSubscription/ */
export function serializeWebPushSubscription(row: PushSubscriptionRow, serverKey: string | null) {
  return {
    id: String(row.id),
    endpoint: row.endpoint,
    standard: row.standard === 1,
    alerts: JSON.parse(row.alerts) as Record<string, boolean>,
    policy: row.policy,
    server_key: serverKey ?? '',
  };
}
