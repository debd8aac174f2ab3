import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';

// SQL of the federation area: Fedify's key-value store and message queue, and local actors' keys.

export async function kvGet(db: Kysely<DB>, key: string, now: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('federation_kv')
    .select('value')
    .where('key', '=', key)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst();
  return row?.value;
}

export async function kvSet(db: Kysely<DB>, key: string, value: string, expiresAt: string | null): Promise<void> {
  await db
    .insertInto('federation_kv')
    .values({ key, value, expires_at: expiresAt })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, expires_at: expiresAt }))
    .execute();
}

export async function kvDelete(db: Kysely<DB>, key: string): Promise<void> {
  await db.deleteFrom('federation_kv').where('key', '=', key).execute();
}

/** Entries whose key is `exact` or starts with `prefix` (compared as text, case and all), unexpired. */
export async function kvList(db: Kysely<DB>, exact: string, prefix: string, now: string): Promise<Array<{ key: string; value: string }>> {
  return db
    .selectFrom('federation_kv')
    .select(['key', 'value'])
    .where((eb) => eb.or([eb('key', '=', exact), eb(sql`substr(key, 1, ${prefix.length})`, '=', prefix)]))
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .orderBy('key')
    .execute();
}

export async function kvDeleteExpired(db: Kysely<DB>, now: string): Promise<void> {
  await db.deleteFrom('federation_kv').where('expires_at', '<=', now).execute();
}

export async function queueInsert(db: Kysely<DB>, rows: Array<{ id: string; message: string; run_at: string; created_at: string }>): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('federation_queue').values(rows).execute();
}

/** Up to `limit` messages due by `now` and not held by a process. */
export async function queueDue(db: Kysely<DB>, now: string, limit: number): Promise<Array<{ id: string; message: string; run_at: string }>> {
  return db
    .selectFrom('federation_queue')
    .select(['id', 'message', 'run_at'])
    .where('run_at', '<=', now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .orderBy('run_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Takes a message for this process until `until`: false when another process took it first. */
export async function queueClaim(db: Kysely<DB>, id: string, now: string, until: string): Promise<boolean> {
  const r = await db
    .updateTable('federation_queue')
    .set({ locked_until: until })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function queueDelete(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom('federation_queue').where('id', '=', id).execute();
}

export async function queueNextRunAt(db: Kysely<DB>): Promise<string | undefined> {
  const row = await db.selectFrom('federation_queue').select('run_at').orderBy('run_at').limit(1).executeTakeFirst();
  return row?.run_at;
}

export interface KeyRow {
  kind: string;
  public_jwk: string;
  private_jwk: string;
}

export async function findKeys(db: Kysely<DB>, accountId: string): Promise<KeyRow[]> {
  return db.selectFrom('federation_keys').select(['kind', 'public_jwk', 'private_jwk']).where('account_id', '=', accountId).orderBy('kind', 'desc').execute();
}

/** Replaces a stored private key (sealing one kept in plain text before keys were sealed). */
export async function updatePrivateKey(db: Kysely<DB>, accountId: string, kind: string, privateJwk: string): Promise<void> {
  await db.updateTable('federation_keys').set({ private_jwk: privateJwk }).where('account_id', '=', accountId).where('kind', '=', kind).execute();
}

/** Stores a key pair unless one of that kind exists (two requests making keys at once keep the first). */
export async function insertKey(db: Kysely<DB>, row: KeyRow & { account_id: string; created_at: string }): Promise<void> {
  await db
    .insertInto('federation_keys')
    .values(row)
    .onConflict((oc) => oc.columns(['account_id', 'kind']).doNothing())
    .execute();
}
