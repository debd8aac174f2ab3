import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

// SQL of moving: a local account's aliases (alsoKnownAs) and the mark an account moved.

export interface AliasRow {
  id: string;
  uri: string;
  created_at: string;
}

export async function listAliases(db: Kysely<DB>, accountId: string): Promise<AliasRow[]> {
  return db.selectFrom('account_aliases').select(['id', 'uri', 'created_at']).where('account_id', '=', accountId).orderBy('id').execute();
}

/** The actor URIs an account says it also is. */
export async function aliasUrisOf(db: Kysely<DB>, accountId: string): Promise<string[]> {
  return (await listAliases(db, accountId)).map((a) => a.uri);
}

/** Adds an alias unless the account has it already. */
export async function insertAlias(db: Kysely<DB>, row: { id: string; account_id: string; uri: string; created_at: string }): Promise<void> {
  await db
    .insertInto('account_aliases')
    .values(row)
    .onConflict((oc) => oc.columns(['account_id', 'uri']).doNothing())
    .execute();
}

export async function countAliases(db: Kysely<DB>, accountId: string): Promise<number> {
  const r = await db
    .selectFrom('account_aliases')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function deleteAlias(db: Kysely<DB>, accountId: string, uri: string): Promise<boolean> {
  const r = await db.deleteFrom('account_aliases').where('account_id', '=', accountId).where('uri', '=', uri).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function setMovedTo(db: Kysely<DB>, accountId: string, targetId: string | null, at: string | null): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ moved_to_account_id: targetId, moved_at: at, updated_at: at ?? undefined })
    .where('id', '=', accountId)
    .execute();
}

/** The local accounts following `accountId` (the ones a move of it carries along). */
export async function localFollowerIds(db: Kysely<DB>, accountId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('follows')
    .innerJoin('accounts', 'accounts.id', 'follows.account_id')
    .select('accounts.id')
    .where('follows.target_account_id', '=', accountId)
    .where('accounts.domain', 'is', null)
    .orderBy('follows.id')
    .execute();
  return rows.map((r) => r.id);
}

/** Local accounts (not suspended) and their usernames: every one a move of the whole server announces. */
export async function localAccountNames(db: Kysely<DB>): Promise<Array<{ id: string; username: string }>> {
  return db.selectFrom('accounts').select(['id', 'username']).where('domain', 'is', null).where('suspended_at', 'is', null).orderBy('id').execute();
}
