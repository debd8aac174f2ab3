// Mastodon 4.3 groups favourites and echoes of one post, and follows and sign-ups, that arrive within the
// same hour-long window; every other notification is a group of its own.
// https://docs.joinmastodon.org/methods/grouped_notifications/
const GROUPED_TYPES = new Set(['favourite', 'reblog', 'follow', 'admin.sign_up']);

export function notificationGroupKey(n: { id: string; type: string; status_id: string | null; created_at: string }): string {
  if (!GROUPED_TYPES.has(n.type)) return `ungrouped-${n.id}`;
  const hourBucket = Math.floor(Date.parse(n.created_at) / 3_600_000);
  const prefix = n.type === 'favourite' || n.type === 'reblog' ? `${n.type}-${n.status_id ?? ''}` : n.type;
  return `${prefix}-${hourBucket}`;
}
