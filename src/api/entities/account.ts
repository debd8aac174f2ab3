import type { AccountRow } from '../../domain/accounts/accounts.store.js';
import { BADGE_ROLES, parseBadges } from '../../domain/accounts/badges.js';
import { mediaUrl, missingAvatarUrl, missingHeaderUrl } from '../../domain/accounts/media-paths.js';
import { renderFieldValue, renderNote } from '../../domain/accounts/note.js';
import type { CustomEmojiRow } from '../../domain/custom-emojis/custom-emojis.store.js';
import { type CustomEmojiEntity, emojisOf } from './custom-emoji.js';
import type { EntityContext } from './entity-context.js';

/** Mastodon's Account entity: https://docs.joinmastodon.org/entities/Account/ */
export interface AccountEntity {
  id: string;
  username: string;
  acct: string;
  url: string;
  uri: string;
  display_name: string;
  note: string;
  avatar: string;
  avatar_static: string;
  header: string;
  header_static: string;
  locked: boolean;
  fields: Array<{ name: string; value: string; verified_at: string | null }>;
  emojis: CustomEmojiEntity[];
  bot: boolean;
  group: boolean;
  discoverable: boolean | null;
  indexable: boolean;
  hide_collections: boolean | null;
  noindex: boolean | null;
  created_at: string;
  last_status_at: string | null;
  statuses_count: number;
  followers_count: number;
  following_count: number;
  roles: Array<{ id: string; name: string; color: string }>;
  /** Tribune extension: badges an admin gave this account (verified, notable, parody, news, staff). */
  tribune_badges: string[];
  suspended?: boolean;
  limited?: boolean;
  /** The account this one moved to, when it did (src/api/render/accounts.ts adds it). */
  moved?: AccountEntity;
}

export interface StoredField {
  name: string;
  value: string;
  verified_at?: string | null;
}

export function parseFields(json: string): StoredField[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? (v as StoredField[]).filter((f) => f && typeof f.name === 'string' && typeof f.value === 'string') : [];
  } catch {
    return [];
  }
}

// Mastodon shows the day an account was made, not the moment.
function midnight(iso: string): string {
  return `${iso.slice(0, 10)}T00:00:00.000Z`;
}

// Rendering a note is the costly part of an account: keep recent results per account, least recently used dropped
// first, reused while the note and fields typed are the same. Sized for a community's active authors (a few MB).
const rendered = new Map<string, { base: string; source: string; sourceFields: string; note: string; fields: AccountEntity['fields'] }>();
const RENDER_CACHE_SIZE = 50_000;

function renderProfile(row: AccountRow, base: string) {
  const hit = rendered.get(row.id);
  if (hit && hit.base === base && hit.source === row.note && hit.sourceFields === row.fields) {
    rendered.delete(row.id);
    rendered.set(row.id, hit);
    return hit;
  }
  const value = {
    base,
    source: row.note,
    sourceFields: row.fields,
    note: renderNote(row.note, { baseUrl: base }),
    fields: parseFields(row.fields).map((f) => ({ name: f.name, value: renderFieldValue(f.value, { baseUrl: base }), verified_at: f.verified_at ?? null })),
  };
  rendered.delete(row.id);
  if (rendered.size >= RENDER_CACHE_SIZE) rendered.delete(rendered.keys().next().value!);
  rendered.set(row.id, value);
  return value;
}

/** One account row as Mastodon's Account. Suspended accounts keep their name but lose their profile, as in Mastodon. */
export function serializeAccount(ctx: EntityContext, row: AccountRow, emojis?: ReadonlyMap<string, CustomEmojiRow>): AccountEntity {
  const base = ctx.config.publicUrl;
  // A remote account (federation) names its own server's pages; a local one is @name here.
  const url = row.url ?? `${base}/@${row.username}`;
  const suspended = row.suspended_at !== null;
  const profile = suspended ? null : renderProfile(row, base);
  const badges = suspended ? [] : parseBadges(row.badges);
  const avatar = suspended ? missingAvatarUrl(ctx) : row.avatar_path ? mediaUrl(ctx, row.avatar_path) : (row.avatar_remote_url ?? missingAvatarUrl(ctx));
  const header = suspended ? missingHeaderUrl(ctx) : row.header_path ? mediaUrl(ctx, row.header_path) : (row.header_remote_url ?? missingHeaderUrl(ctx));
  const entity: AccountEntity = {
    id: row.id,
    username: row.username,
    acct: row.domain ? `${row.username}@${row.domain}` : row.username,
    url,
    uri: row.uri ?? `${base}/users/${row.username}`,
    display_name: suspended ? '' : row.display_name,
    note: profile?.note ?? '',
    avatar,
    avatar_static: avatar,
    header,
    header_static: header,
    locked: row.locked === 1,
    fields: profile?.fields ?? [],
    emojis: suspended ? [] : emojisOf(ctx, emojis, row.display_name, row.note),
    bot: row.bot === 1,
    group: false,
    discoverable: row.discoverable === 1,
    indexable: row.discoverable === 1,
    hide_collections: false,
    noindex: false,
    created_at: midnight(row.created_at),
    last_status_at: row.last_status_at ? row.last_status_at.slice(0, 10) : null,
    statuses_count: suspended ? 0 : row.statuses_count,
    followers_count: suspended ? 0 : row.followers_count,
    following_count: suspended ? 0 : row.following_count,
    roles: badges.flatMap((b) => (BADGE_ROLES[b] ? [BADGE_ROLES[b]] : [])),
    tribune_badges: badges,
  };
  if (suspended) entity.suspended = true;
  // Mastodon shows a moderator's limit (silence) to everyone as `limited: true`.
  if (row.limited_at !== null) entity.limited = true;
  return entity;
}

// Mastodon's UserRole (https://docs.joinmastodon.org/entities/Role/); permissions is a bit field, 1 = administrator.
const ROLES = {
  user: { id: '-99', name: '', permissions: '0', color: '', highlighted: false },
  // view_audit_log | view_dashboard | manage_reports | manage_taxonomies | manage_appeals | manage_users, as Mastodon's moderator.
  moderator: { id: '2', name: 'Moderator', permissions: '1820', color: '', highlighted: true },
  admin: { id: '3', name: 'Admin', permissions: '1', color: '', highlighted: true },
} as const;

export interface CredentialFacts {
  role: 'user' | 'moderator' | 'admin';
  privacy: string;
  sensitive: boolean;
  language: string | null;
  followRequestsCount: number;
}

/** The signed-in person's own account, with `source` (what they typed) and `role`: https://docs.joinmastodon.org/entities/Account/#CredentialAccount */
export function serializeCredentialAccount(ctx: EntityContext, row: AccountRow, f: CredentialFacts, emojis?: ReadonlyMap<string, CustomEmojiRow>) {
  return {
    ...serializeAccount(ctx, row, emojis),
    source: {
      privacy: f.privacy,
      sensitive: f.sensitive,
      language: f.language,
      note: row.note,
      fields: parseFields(row.fields).map((x) => ({ name: x.name, value: x.value, verified_at: x.verified_at ?? null })),
      follow_requests_count: f.followRequestsCount,
      hide_collections: false,
      discoverable: row.discoverable === 1,
      indexable: row.discoverable === 1,
      attribution_domains: [],
    },
    role: ROLES[f.role],
  };
}
