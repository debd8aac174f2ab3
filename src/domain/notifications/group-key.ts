import { NOTIFICATION_TYPES, notificationGrouping } from './types.js';

// Mastodon 4.3 groups favourites and echoes of one post, and follows and sign-ups, that arrive within the
// same hour-long window; every other notification is a group of its own.
// https://docs.joinmastodon.org/methods/grouped_notifications/

export function notificationGroupKey(n: { id: string; type: string; status_id: string | null; created_at: string }): string {
  const grouping = notificationGrouping(n.type);
  if (grouping === null) return `ungrouped-${n.id}`;
  const hourBucket = Math.floor(Date.parse(n.created_at) / 3_600_000);
  const prefix = grouping === 'post' ? `${n.type}-${n.status_id ?? ''}` : n.type;
  return `${prefix}-${hourBucket}`;
}

const typesGrouped = (by: 'post' | 'type') =>
  NOTIFICATION_TYPES.filter((t) => notificationGrouping(t) === by)
    .map((t) => t.replace(/[.]/g, '\\.'))
    .join('|');
const BY_POST = new RegExp(`^(${typesGrouped('post')})-([0-9]{1,19})-([0-9]+)$`);
const BY_TYPE = new RegExp(`^(${typesGrouped('type')})-([0-9]+)$`);

/**
 * Reads a key made by notificationGroupKey for a grouped type: [key, type, statusId, hour] for a group by
 * post, [key, type, hour] for a group by type; null for anything else.
 */
export function matchGroupKey(key: string): RegExpExecArray | null {
  return BY_POST.exec(key) ?? BY_TYPE.exec(key);
}
