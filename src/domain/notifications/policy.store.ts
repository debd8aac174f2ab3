import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { NotificationPolicy } from './policy.service.js';

export async function findNotificationPolicy(db: Kysely<DB> | Transaction<DB>, accountId: string) {
  return db.selectFrom('notification_policies').selectAll().where('account_id', '=', accountId).executeTakeFirst();
}

export async function saveNotificationPolicy(db: Kysely<DB> | Transaction<DB>, accountId: string, policy: NotificationPolicy, at: string): Promise<void> {
  const values = { ...policy, updated_at: at };
  await db
    .insertInto('notification_policies')
    .values({ account_id: accountId, ...values })
    .onConflict((oc) => oc.column('account_id').doUpdateSet(values))
    .execute();
}
