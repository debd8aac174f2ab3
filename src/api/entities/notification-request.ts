import type { RequestRow } from '../../domain/notifications/requests.store.js';
import type { AccountEntity } from './account.js';
import type { StatusEntity } from './status.js';

/** Mastodon's NotificationRequest: https://docs.joinmastodon.org/entities/NotificationRequest/ */
export function serializeNotificationRequest(r: RequestRow, account: AccountEntity, lastStatus: StatusEntity | undefined) {
  return {
    id: r.id,
    created_at: r.created_at,
    updated_at: r.updated_at,
    account,
    notifications_count: String(r.notifications_count),
    ...(lastStatus ? { last_status: lastStatus } : {}),
  };
}
