import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB> | Transaction<DB>;

/** Every follow an account is in, either side: (follower, followed) pairs. */
export async function followsInvolving(db: Db, accountId: string): Promise<Array<{ account_id: string; target_account_id: string }>> {
  return db
    .selectFrom('follows')
    .select(['account_id', 'target_account_id'])
    .where((eb) => eb.or([eb('account_id', '=', accountId), eb('target_account_id', '=', accountId)]))
    .execute();
}

export async function deleteFollowRequestsInvolving(db: Db, accountId: string): Promise<void> {
  await db
    .deleteFrom('follow_requests')
    .where((eb) => eb.or([eb('account_id', '=', accountId), eb('target_account_id', '=', accountId)]))
    .execute();
}
