import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

export async function findUserForSignIn(db: Kysely<DB>, login: string) {
  const lower = login.toLowerCase().replace(/^@/, '');
  return db
    .selectFrom('users as u')
    .innerJoin('accounts as a', 'a.id', 'u.account_id')
    .select(['u.account_id', 'u.password_hash', 'u.approved', 'u.disabled', 'u.failed_sign_ins', 'u.last_failed_sign_in_at', 'a.suspended_at'])
    .where((eb) => (lower.includes('@') ? eb('u.email_lower', '=', lower) : eb('a.username_lower', '=', lower)))
    .executeTakeFirst();
}

export async function recordFailedSignIn(db: Kysely<DB>, accountId: string, at: string): Promise<void> {
  await db.updateTable('users').set({ failed_sign_ins: sql`failed_sign_ins + 1`, last_failed_sign_in_at: at }).where('account_id', '=', accountId).execute();
}

export async function recordSignIn(db: Kysely<DB>, accountId: string, at: string): Promise<void> {
  await db.updateTable('users').set({ failed_sign_ins: 0, last_sign_in_at: at }).where('account_id', '=', accountId).execute();
}
