import type { Kysely, Selectable } from 'kysely';
import type { DB, UsersTable } from '../db/schema.js';

export type AdminUserRow = Selectable<UsersTable>;

export async function findUsersByIds(db: Kysely<DB>, ids: string[]): Promise<AdminUserRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('users').selectAll().where('account_id', 'in', ids).execute();
}

export interface AdminAccountFilter {
  /** Tribune has local accounts only: remote yields nothing. */
  origin?: 'local' | 'remote';
  status?: 'active' | 'pending' | 'disabled' | 'silenced' | 'suspended' | 'sensitized';
  staff?: boolean;
  username?: string;
  displayName?: string;
  email?: string;
}

// LIKE patterns from user input: wildcards are dropped (escaping differs between the dialects).
function like(s: string): string {
  return `%${s.toLowerCase().replace(/[\\%_]/g, '')}%`;
}

/** The accounts an admin lists (GET /api/v1/admin/accounts and v2), for fetchPage on a.id. */
export function adminAccountsQuery(db: Kysely<DB>, f: AdminAccountFilter) {
  let q = db.selectFrom('accounts as a').innerJoin('users as u', 'u.account_id', 'a.id').selectAll('a');
  if (f.origin === 'remote') q = q.where('a.id', '=', '-1');
  switch (f.status) {
    case 'active':
      q = q.where('a.suspended_at', 'is', null).where('u.disabled', '=', 0).where('u.approved', '=', 1);
      break;
    case 'pending':
      q = q.where('u.approved', '=', 0);
      break;
    case 'disabled':
      q = q.where('u.disabled', '=', 1);
      break;
    case 'silenced':
      q = q.where('a.limited_at', 'is not', null);
      break;
    case 'suspended':
      q = q.where('a.suspended_at', 'is not', null);
      break;
    case 'sensitized':
      q = q.where('a.sensitized_at', 'is not', null);
      break;
  }
  if (f.staff) q = q.where('u.role', 'in', ['moderator', 'admin']);
  if (f.username) q = q.where('a.username_lower', 'like', like(f.username));
  if (f.displayName) q = q.where('a.display_name', 'like', `%${f.displayName.replace(/[\\%_]/g, '')}%`);
  if (f.email) q = q.where('u.email_lower', 'like', like(f.email));
  return q;
}
