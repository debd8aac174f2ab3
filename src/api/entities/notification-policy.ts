import type { NotificationPolicy } from '../../domain/notifications/policy.service.js';

/** Requests waiting, and the notifications filed under them. */
export interface PolicySummary {
  pending_requests_count: number;
  pending_notifications_count: number;
}

/** Mastodon's v2 NotificationPolicy: https://docs.joinmastodon.org/entities/NotificationPolicy/ */
export function serializeNotificationPolicy(p: NotificationPolicy, summary: PolicySummary) {
  return { ...p, summary };
}

/** The v1 shape (Mastodon 4.3.0): booleans, true for anything but accept. */
export function serializeNotificationPolicyV1(p: NotificationPolicy, summary: PolicySummary) {
  return {
    filter_not_following: p.for_not_following !== 'accept',
    filter_not_followers: p.for_not_followers !== 'accept',
    filter_new_accounts: p.for_new_accounts !== 'accept',
    filter_private_mentions: p.for_private_mentions !== 'accept',
    summary,
  };
}
