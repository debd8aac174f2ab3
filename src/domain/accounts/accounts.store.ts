import { type Kysely, type Selectable, sql } from 'kysely';
import type { AccountsTable, DB, UsersTable } from '../../db/schema.js';

export type AccountRow = Selectable<AccountsTable>;
export type UserRow = Selectable<UsersTable>;

export async function insertAccountWithUser(
  db: Kysely<DB>,
  account: { id: string; username: string; displayName: string; createdAt: string; locked?: boolean },
  user: { email: string; passwordHash: string; role: 'user' | 'moderator' | 'admin'; approved: boolean; locale: string; reason?: string | null },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('accounts')
      .values({
        id: account.id,
        username: account.username,
        username_lower: account.username.toLowerCase(),
        display_name: account.displayName,
        locked: account.locked ? 1 : 0,
        created_at: account.createdAt,
        updated_at: account.createdAt,
      })
      .execute();
    await trx
      .insertInto('users')
      .values({
        account_id: account.id,
        email: user.email,
        email_lower: user.email.toLowerCase(),
        password_hash: user.passwordHash,
        role: user.role,
        approved: user.approved ? 1 : 0,
        locale: user.locale,
        reason: user.reason ?? null,
        created_at: account.createdAt,
      })
      .execute();
  });
}

export async function findAccountById(db: Kysely<DB>, id: string): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findAccountsByIds(db: Kysely<DB>, ids: string[]): Promise<AccountRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('accounts').selectAll().where('id', 'in', ids).execute();
}

export async function findAccountByUsername(db: Kysely<DB>, username: string): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('username_lower', '=', username.toLowerCase()).executeTakeFirst();
}

export async function usernameOrEmailTaken(db: Kysely<DB>, username: string, email: string): Promise<{ username: boolean; email: boolean }> {
  const [u, e] = await Promise.all([
    db.selectFrom('accounts').select('id').where('username_lower', '=', username.toLowerCase()).executeTakeFirst(),
    db.selectFrom('users').select('account_id').where('email_lower', '=', email.toLowerCase()).executeTakeFirst(),
  ]);
  return { username: !!u, email: !!e };
}

export async function findUserByAccountId(db: Kysely<DB>, accountId: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('account_id', '=', accountId).executeTakeFirst();
}

export type AccountProfileUpdate = Partial<
  Pick<AccountRow, 'display_name' | 'note' | 'avatar_path' | 'header_path' | 'fields' | 'locked' | 'bot' | 'discoverable' | 'badges' | 'updated_at'>
>;

export async function updateAccount(db: Kysely<DB>, id: string, set: AccountProfileUpdate): Promise<void> {
  if (Object.keys(set).length === 0) return;
  await db.updateTable('accounts').set(set).where('id', '=', id).execute();
}

export type UserUpdate = Partial<
  Pick<UserRow, 'default_privacy' | 'default_sensitive' | 'default_language' | 'role' | 'approved' | 'password_hash' | 'locale'>
>;

export async function updateUser(db: Kysely<DB>, accountId: string, set: UserUpdate): Promise<void> {
  if (Object.keys(set).length === 0) return;
  await db.updateTable('users').set(set).where('account_id', '=', accountId).execute();
}

/** Local accounts whose username or display name starts with `prefix`, optionally only those `followerId` follows. */
export async function searchAccountsByPrefix(
  db: Kysely<DB>,
  prefix: string,
  opts: { limit: number; offset: number; followerId?: string },
): Promise<AccountRow[]> {
  const escaped = prefix.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`);
  let q = db
    .selectFrom('accounts as a')
    .selectAll('a')
    .where('a.suspended_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['a.username']), 'like', sql<string>`${`${escaped}%`} ESCAPE '\\'`),
        eb(eb.fn('lower', ['a.display_name']), 'like', sql<string>`${`${escaped}%`} ESCAPE '\\'`),
      ]),
    );
  if (opts.followerId) q = q.innerJoin('follows as f', (j) => j.onRef('f.target_account_id', '=', 'a.id').on('f.account_id', '=', opts.followerId!));
  return q.orderBy('a.followers_count', 'desc').orderBy('a.id', 'asc').limit(opts.limit).offset(opts.offset).execute();
}

export async function staffAccountIds(db: Kysely<DB>): Promise<string[]> {
  return (await db.selectFrom('users').select('account_id').where('role', 'in', ['moderator', 'admin']).execute()).map((r) => r.account_id);
}
