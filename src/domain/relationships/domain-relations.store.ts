import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB> | Transaction<DB>;

/** Accounts of `domain` (exactly, as a person's domain block matches) that `accountId` follows, is followed by, or asked or was asked to follow. */
export async function relationsWithDomain(
  db: Db,
  accountId: string,
  domain: string,
): Promise<{ following: string[]; followers: string[]; requested: string[]; requestedBy: string[] }> {
  const onDomain = (table: 'follows' | 'follow_requests', mine: 'account_id' | 'target_account_id') => {
    const theirs = mine === 'account_id' ? 'target_account_id' : 'account_id';
    return db
      .selectFrom(table)
      .innerJoin('accounts', 'accounts.id', `${table}.${theirs}`)
      .select('accounts.id as id')
      .where(`${table}.${mine}`, '=', accountId)
      .where('accounts.domain', '=', domain)
      .execute()
      .then((rows) => rows.map((r) => r.id));
  };
  // One after another: inside a transaction they share one connection.
  const following = await onDomain('follows', 'account_id');
  const followers = await onDomain('follows', 'target_account_id');
  const requested = await onDomain('follow_requests', 'account_id');
  const requestedBy = await onDomain('follow_requests', 'target_account_id');
  return { following, followers, requested, requestedBy };
}
