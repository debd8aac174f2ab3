import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export interface TokenRow {
  id: string;
  app_id: string | null;
  account_id: string | null;
  scopes: string;
  role: string | null;
  suspended_at: string | null;
  disabled: number | null;
  approved: number | null;
}

export async function findActiveTokenByHash(db: Kysely<DB>, tokenHash: string): Promise<TokenRow | undefined> {
  return db
    .selectFrom('oauth_tokens as t')
    .leftJoin('users as u', 'u.account_id', 't.account_id')
    .leftJoin('accounts as a', 'a.id', 't.account_id')
    .select(['t.id', 't.app_id', 't.account_id', 't.scopes', 'u.role', 'a.suspended_at', 'u.disabled', 'u.approved'])
    .where('t.token_hash', '=', tokenHash)
    .where('t.revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function insertToken(
  db: Kysely<DB>,
  row: { id: string; tokenHash: string; appId: string | null; accountId: string | null; scopes: string; createdAt: string },
): Promise<void> {
  await db
    .insertInto('oauth_tokens')
    .values({ id: row.id, token_hash: row.tokenHash, app_id: row.appId, account_id: row.accountId, scopes: row.scopes, created_at: row.createdAt })
    .execute();
}

export async function revokeTokenByHash(db: Kysely<DB>, tokenHash: string, at: string): Promise<void> {
  await db.updateTable('oauth_tokens').set({ revoked_at: at }).where('token_hash', '=', tokenHash).execute();
}
