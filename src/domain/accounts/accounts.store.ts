import type { Kysely, Selectable } from 'kysely';
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
