import type { AccountRow } from '../../domain/accounts/accounts.store.js';
import type { CustomEmojiRow } from '../../domain/custom-emojis/custom-emojis.store.js';
import type { AdminUserRow } from '../../moderation/admin.store.js';
import { type AccountEntity, serializeAccount } from './account.js';
import type { EntityContext } from './entity-context.js';

/** Mastodon's Role entity: https://docs.joinmastodon.org/entities/Role/ (permissions is a bitmask string). */
export interface RoleEntity {
  id: string;
  name: string;
  color: string;
  permissions: string;
  highlighted: boolean;
}

// Mastodon's built-in roles, as the CredentialAccount shows them (src/api/entities/account.ts).
const ROLES: Record<string, RoleEntity> = {
  user: { id: '-99', name: '', color: '', permissions: '0', highlighted: false },
  moderator: { id: '2', name: 'Moderator', color: '', permissions: '1300', highlighted: true },
  admin: { id: '3', name: 'Admin', color: '', permissions: '1', highlighted: true },
};

/** Mastodon's Admin::Account entity: https://docs.joinmastodon.org/entities/Admin_Account/ */
export interface AdminAccountEntity {
  id: string;
  username: string;
  domain: string | null;
  created_at: string;
  email: string;
  ip: string | null;
  ips: unknown[];
  locale: string;
  invite_request: string | null;
  role: RoleEntity;
  confirmed: boolean;
  approved: boolean;
  disabled: boolean;
  silenced: boolean;
  suspended: boolean;
  sensitized: boolean;
  account: AccountEntity;
  created_by_application_id?: string;
  invited_by_account_id?: string;
  /** Tribune extension: when a timed suspension ends (null: for good, or not suspended). */
  tribune_suspended_until: string | null;
}

export function serializeAdminAccount(
  ctx: EntityContext,
  row: AccountRow,
  user: AdminUserRow | undefined,
  emojis?: ReadonlyMap<string, CustomEmojiRow>,
): AdminAccountEntity {
  return {
    id: row.id,
    username: row.username,
    // A remote account's server (a report that came from another server is filed by its actor).
    domain: row.domain,
    created_at: row.created_at,
    email: user?.email ?? '',
    ip: null,
    ips: [],
    locale: user?.locale ?? 'en',
    invite_request: user?.reason ?? null,
    role: ROLES[user?.role ?? 'user'] ?? ROLES.user!,
    confirmed: (user?.confirmed ?? 1) === 1,
    approved: (user?.approved ?? 1) === 1,
    disabled: (user?.disabled ?? 0) === 1,
    silenced: row.limited_at !== null,
    suspended: row.suspended_at !== null,
    sensitized: row.sensitized_at !== null,
    account: serializeAccount(ctx, row, emojis),
    tribune_suspended_until: row.suspended_until,
  };
}
