import type { NotificationPolicy } from '../../domain/notifications/policy.service.js';

// Tribune files no notification into requests yet: nothing is ever pending.
const summary = { pending_requests_count: 0, pending_notifications_count: 0 };

/** Mastodon's v2 NotificationPolicy: https://docs.joinmastodon.org/entities/NotificationPolicy/ */
export function serializeNotificationPolicy(p: NotificationPolicy) {
  return { ...p, summary };
}

/** The v1 shape (Mastodon 4.3.0): booleans, true for anything but accept. */
export function serializeNotificationPolicyV1(p: NotificationPolicy) {
  return {
    filter_not_following: p.for_not_following !== 'accept',
    filter_not_followers: p.for_not_followers !== 'accept',
    filter_new_accounts: p.for_new_accounts !== 'accept',
    filter_private_mentions: p.for_private_mentions !== 'accept',
    summary,
  };
}
