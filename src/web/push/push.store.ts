import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DB, PushSubscriptionsTable } from '../../db/schema.js';

export type PushSubscriptionRow = Selectable<PushSubscriptionsTable>;

export async function findSubscriptionByToken(db: Kysely<DB>, tokenId: string): Promise<PushSubscriptionRow | undefined> {
  return db.selectFrom('push_subscriptions').selectAll().where('token_id', '=', tokenId).executeTakeFirst();
}

/**
 * One subscription per access token: a new one replaces the old. One upsert, so two calls at once end as two in a
 * row (a delete then an insert let both insert on PostgreSQL, and the second hit the token_id key).
 */
export async function replaceSubscription(db: Kysely<DB>, row: Insertable<PushSubscriptionsTable>): Promise<PushSubscriptionRow> {
  const { token_id: _token, ...fields } = row;
  return db
    .insertInto('push_subscriptions')
    .values(row)
    .onConflict((oc) => oc.column('token_id').doUpdateSet(fields))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateSubscriptionData(db: Kysely<DB>, tokenId: string, data: { alerts: string; policy: string; updatedAt: string }): Promise<void> {
  await db
    .updateTable('push_subscriptions')
    .set({ alerts: data.alerts, policy: data.policy, updated_at: data.updatedAt })
    .where('token_id', '=', tokenId)
    .execute();
}

export async function deleteSubscriptionByToken(db: Kysely<DB>, tokenId: string): Promise<void> {
  await db.deleteFrom('push_subscriptions').where('token_id', '=', tokenId).execute();
}

export async function deleteSubscriptionById(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom('push_subscriptions').where('id', '=', id).execute();
}

/** The live subscriptions of an account (tokens not revoked). */
export async function subscriptionsForAccount(db: Kysely<DB>, accountId: string): Promise<PushSubscriptionRow[]> {
  return db
    .selectFrom('push_subscriptions')
    .innerJoin('oauth_tokens', 'oauth_tokens.id', 'push_subscriptions.token_id')
    .selectAll('push_subscriptions')
    .where('push_subscriptions.account_id', '=', accountId)
    .where('oauth_tokens.revoked_at', 'is', null)
    .execute();
}

export async function readSetting(db: Kysely<DB>, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

/** Inserts the setting unless another process got there first; returns the stored value either way. */
export async function insertSettingOnce(db: Kysely<DB>, key: string, value: string, now: string): Promise<string> {
  await db
    .insertInto('settings')
    .values({ key, value, updated_at: now })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return (await readSetting(db, key)) ?? value;
}

export interface NotificationForPush {
  id: string;
  type: string;
  account_id: string;
  from_account_id: string;
  status_id: string | null;
  from_username: string;
  from_display_name: string;
  status_text: string | null;
  status_spoiler: string | null;
  locale: string | null;
}

export async function loadNotificationForPush(db: Kysely<DB>, id: string): Promise<NotificationForPush | undefined> {
  const row = await db
    .selectFrom('notifications')
    .innerJoin('accounts as from', 'from.id', 'notifications.from_account_id')
    .leftJoin('statuses', 'statuses.id', 'notifications.status_id')
    .leftJoin('users', 'users.account_id', 'notifications.account_id')
    .select([
      'notifications.id',
      'notifications.type',
      'notifications.account_id',
      'notifications.from_account_id',
      'notifications.status_id',
      'from.username as from_username',
      'from.display_name as from_display_name',
      'statuses.text as status_text',
      'statuses.spoiler_text as status_spoiler',
      'users.locale as locale',
    ])
    .where('notifications.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    ...row,
    id: String(row.id),
    account_id: String(row.account_id),
    from_account_id: String(row.from_account_id),
    status_id: row.status_id ? String(row.status_id) : null,
  } as NotificationForPush;
}

/** Whether `follower` follows `target`. */
export async function follows(db: Kysely<DB>, follower: string, target: string): Promise<boolean> {
  const row = await db.selectFrom('follows').select('id').where('account_id', '=', follower).where('target_account_id', '=', target).executeTakeFirst();
  return !!row;
}
