// Badges an admin gives an account. Shown to clients as Mastodon role entries and in tribune_badges.
export const BADGES = ['verified', 'notable', 'parody', 'news', 'staff'] as const;
export type Badge = (typeof BADGES)[number];

export function isBadge(value: string): value is Badge {
  return (BADGES as readonly string[]).includes(value);
}

export function parseBadges(json: string): Badge[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((b): b is Badge => typeof b === 'string' && isBadge(b)) : [];
  } catch {
    return [];
  }
}

/** Mastodon's AccountRole shape ({id, name, color}); the ids are fixed so clients can cache them. */
export const BADGE_ROLES: Record<Badge, { id: string; name: string; color: string }> = {
  verified: { id: '101', name: 'Verified', color: '#1d9bf0' },
  notable: { id: '102', name: 'Notable', color: '#8e44ad' },
  parody: { id: '103', name: 'Parody', color: '#e67e22' },
  news: { id: '104', name: 'News', color: '#16a085' },
  staff: { id: '105', name: 'Staff', color: '#c0392b' },
};
