import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export async function readSetting(db: Kysely<DB>, key: string): Promise<string | undefined> {
  return (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
}

export async function writeSetting(db: Kysely<DB>, key: string, value: string, at: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value, updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
    .execute();
}

// Approved people whose account is not suspended: those the instance counts as its users.
const countedUsers = (db: Kysely<DB>) =>
  db
    .selectFrom('users as u')
    .innerJoin('accounts as a', 'a.id', 'u.account_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('a.suspended_at', 'is', null)
    .where('u.approved', '=', 1);

export async function countUsers(db: Kysely<DB>): Promise<number> {
  return Number((await countedUsers(db).executeTakeFirstOrThrow()).n);
}

/** People who signed in, posted or joined since `since`. */
export async function countActiveUsers(db: Kysely<DB>, since: string): Promise<number> {
  const row = await countedUsers(db)
    .where((eb) => eb.or([eb('u.last_sign_in_at', '>=', since), eb('a.last_status_at', '>=', since), eb('a.created_at', '>=', since)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// Mastodon's status_count sums the per-account counters: counting the posts scanned the whole statuses table
// on every GET /api/v1/instance (4 to 9 s with a million posts, measured by bench/core).
export async function countLocalPosts(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('accounts')
    .select((eb) => eb.fn.sum<number>('statuses_count').as('n'))
    .where('suspended_at', 'is', null)
    // Remote accounts (federation) count posts that arrived here, not local ones.
    .where('domain', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n ?? 0);
}

/** Weekly counts of posts, sign-ups and logins since `since` (for /api/v1/instance/activity). */
export async function weeklyActivity(db: Kysely<DB>, since: string) {
  const [statuses, registrations, logins] = await Promise.all([
    db.selectFrom('statuses').select('created_at').where('created_at', '>=', since).where('reblog_of_id', 'is', null).execute(),
    db.selectFrom('users').select('created_at').where('created_at', '>=', since).execute(),
    db.selectFrom('users').select('last_sign_in_at as created_at').where('last_sign_in_at', '>=', since).execute(),
  ]);
  return { statuses, registrations, logins };
}

export async function findAdminContact(db: Kysely<DB>): Promise<string | undefined> {
  return (await db.selectFrom('users').select('account_id').where('role', '=', 'admin').orderBy('account_id', 'asc').executeTakeFirst())?.account_id;
}
