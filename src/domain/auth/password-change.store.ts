import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export async function findPasswordHash(db: Kysely<DB>, accountId: string): Promise<string | undefined> {
  const row = await db.selectFrom('users').select('password_hash').where('account_id', '=', accountId).executeTakeFirst();
  return row?.password_hash;
}

export async function updatePasswordHash(db: Kysely<DB>, accountId: string, passwordHash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('account_id', '=', accountId).execute();
}

/** Revokes every live token of the account but one; returns how many were revoked. */
export async function revokeOtherTokens(db: Kysely<DB>, accountId: string, keepTokenId: string, at: string): Promise<number> {
  const res = await db
    .updateTable('oauth_tokens')
    .set({ revoked_at: at })
    .where('account_id', '=', accountId)
    .where('id', '!=', keepTokenId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** Ends the account's sign-in page sessions (cookies), so the old password's sessions cannot authorize new apps. */
export async function revokeWebSessions(db: Kysely<DB>, accountId: string, at: string): Promise<void> {
  await db.updateTable('web_sessions').set({ revoked_at: at }).where('account_id', '=', accountId).where('revoked_at', 'is', null).execute();
}
