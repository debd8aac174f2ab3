// Mastodon's OAuth scopes: https://docs.joinmastodon.org/api/oauth-scopes/
export const TOP_SCOPES = ['read', 'write', 'follow', 'push', 'profile', 'admin:read', 'admin:write'] as const;

// The deprecated "follow" scope still grants the follow-related granular scopes, as in Mastodon.
const FOLLOW_GRANTS: readonly Scope[] = ['read:follows', 'write:follows', 'read:blocks', 'write:blocks', 'read:mutes', 'write:mutes'];

export function parseScopes(scopes: string | undefined | null): Set<string> {
  return new Set((scopes ?? '').split(/[\s+]+/).filter(Boolean));
}

/** Whether a token holding `granted` may use a route that asks for `required` (e.g. "read:statuses"). */
export function hasScope(granted: ReadonlySet<string>, required: Scope): boolean {
  if (granted.has(required)) return true;
  const parent = required.includes(':') ? required.slice(0, required.lastIndexOf(':')) : null;
  if (parent && granted.has(parent)) return true;
  if (granted.has('follow') && FOLLOW_GRANTS.includes(required)) return true;
  // profile is a narrower read:accounts for verify_credentials only.
  return false;
}

export function isValidScope(scope: string): boolean {
  return /^(read|write|follow|push|profile|admin:read|admin:write)(:[a-z_]+)?$/.test(scope) || /^admin:(read|write):[a-z_]+$/.test(scope);
}

/**
 * Every scope a client may ask for, as listed in the OAuth server metadata; routes name theirs as `Scope`,
 * so one not in this list does not compile.
 */
export const SUPPORTED_SCOPES = [
  'read',
  'write',
  'write:accounts',
  'write:blocks',
  'write:bookmarks',
  'write:conversations',
  'write:favourites',
  'write:filters',
  'write:follows',
  'write:lists',
  'write:media',
  'write:mutes',
  'write:notifications',
  'write:reports',
  'write:statuses',
  'read:accounts',
  'read:blocks',
  'read:bookmarks',
  'read:favourites',
  'read:filters',
  'read:follows',
  'read:lists',
  'read:mutes',
  'read:notifications',
  'read:search',
  'read:statuses',
  'follow',
  'push',
  'profile',
  'admin:read',
  'admin:write',
  'admin:read:accounts',
  'admin:write:accounts',
  'admin:read:reports',
  'admin:write:reports',
  'admin:read:domain_blocks',
  'admin:write:domain_blocks',
] as const;
export type Scope = (typeof SUPPORTED_SCOPES)[number];
