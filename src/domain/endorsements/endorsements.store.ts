import type { Kysely, Transaction } from 'kysely';
import { fetchPage, type Page } from '../../db/pagination.js';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB> | Transaction<DB>;

export async function insertEndorsement(db: Db, row: { id: string; account_id: string; target_account_id: string; created_at: string }): Promise<void> {
  await db
    .insertInto('endorsements')
    .values(row)
    .onConflict((oc) => oc.columns(['account_id', 'target_account_id']).doNothing())
    .execute();
}

export async function deleteEndorsement(db: Db, accountId: string, targetId: string): Promise<void> {
  await db.deleteFrom('endorsements').where('account_id', '=', accountId).where('target_account_id', '=', targetId).execute();
}

/** A page of the accounts someone endorses (newest endorsement first), suspended ones left out: ids for paging and the accounts. */
export async function endorsedPage(db: Db, accountId: string, page: Page): Promise<Array<{ page_id: string; target_account_id: string }>> {
  const q = db
    .selectFrom('endorsements as e')
    .innerJoin('accounts as a', 'a.id', 'e.target_account_id')
    .select(['e.id as page_id', 'e.target_account_id'])
    .where('e.account_id', '=', accountId)
    .where('a.suspended_at', 'is', null);
  return fetchPage(q, 'e.id', page);
}

export async function endorsedAmong(db: Db, accountId: string, targetIds: string[]): Promise<Set<string>> {
  if (targetIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('endorsements')
    .select('target_account_id')
    .where('account_id', '=', accountId)
    .where('target_account_id', 'in', targetIds)
    .execute();
  return new Set(rows.map((r) => r.target_account_id));
}
