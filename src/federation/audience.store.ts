import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { AccountRow } from '../domain/accounts/accounts.store.js';

// SQL behind a post's audience across servers: the accounts it mentions, local and remote.

export async function mentionedAccounts(db: Kysely<DB>, statusId: string): Promise<AccountRow[]> {
  return db
    .selectFrom('mentions')
    .innerJoin('accounts', 'accounts.id', 'mentions.account_id')
    .selectAll('accounts')
    .where('mentions.status_id', '=', statusId)
    .orderBy('accounts.id')
    .execute();
}

/** Stored accounts by actor URI (Mention tags name actors by URI). */
export async function accountsByUris(db: Kysely<DB>, uris: string[]): Promise<AccountRow[]> {
  if (uris.length === 0) return [];
  return db.selectFrom('accounts').selectAll().where('uri', 'in', uris).execute();
}

/** Every post of an account (echoes too), for removing a deleted remote account's posts. */
export async function postIdsOf(db: Kysely<DB>, accountId: string): Promise<string[]> {
  return (await db.selectFrom('statuses').select('id').where('account_id', '=', accountId).execute()).map((r) => r.id);
}
