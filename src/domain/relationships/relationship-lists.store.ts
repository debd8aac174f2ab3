import type { Kysely, Transaction } from 'kysely';
import type { Page } from '../../db/pagination.js';
import { fetchPage } from '../../db/pagination.js';
import type { DB } from '../../db/schema.js';

// SQL of the lists of accounts a relationship makes: followers, following, requests, blocks, mutes, suggestions.
// Pages carry the id of the relation (the pagination key) and the account id.
type Db = Kysely<DB> | Transaction<DB>;

export async function pageFollowers(db: Db, accountId: string, page: Page) {
  return fetchPage(
    db
      .selectFrom('follows as f')
      .innerJoin('accounts as a', 'a.id', 'f.account_id')
      .select(['f.id as key', 'f.account_id as account_id'])
      .where('f.target_account_id', '=', accountId)
      .where('a.suspended_at', 'is', null),
    'f.id',
    page,
  );
}

export async function pageFollowing(db: Db, accountId: string, page: Page) {
  return fetchPage(
    db
      .selectFrom('follows as f')
      .innerJoin('accounts as a', 'a.id', 'f.target_account_id')
      .select(['f.id as key', 'f.target_account_id as account_id'])
      .where('f.account_id', '=', accountId)
      .where('a.suspended_at', 'is', null),
    'f.id',
    page,
  );
}

export async function pageFollowRequests(db: Db, targetId: string, page: Page) {
  return fetchPage(db.selectFrom('follow_requests').select(['id as key', 'account_id']).where('target_account_id', '=', targetId), 'id', page);
}

export async function pageBlocks(db: Db, accountId: string, page: Page) {
  return fetchPage(db.selectFrom('blocks').select(['id as key', 'target_account_id as account_id']).where('account_id', '=', accountId), 'id', page);
}

export async function pageMutes(db: Db, accountId: string, page: Page, now: string) {
  return fetchPage(
    db
      .selectFrom('mutes')
      .select(['id as key', 'target_account_id as account_id', 'expires_at'])
      .where('account_id', '=', accountId)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)])),
    'id',
    page,
  );
}

/** Accounts the viewer follows that also follow each target. */
export async function familiarFollowers(db: Db, viewerId: string, targetIds: string[]) {
  if (targetIds.length === 0) return [];
  return db
    .selectFrom('follows as theirs')
    .innerJoin('follows as mine', 'mine.target_account_id', 'theirs.account_id')
    .select(['theirs.target_account_id as target_id', 'theirs.account_id as account_id'])
    .where('mine.account_id', '=', viewerId)
    .where('theirs.target_account_id', 'in', targetIds)
    .where('theirs.account_id', '!=', viewerId)
    .limit(200)
    .execute();
}

export async function pendingRequesters(db: Db, targetId: string): Promise<string[]> {
  return (await db.selectFrom('follow_requests').select('account_id').where('target_account_id', '=', targetId).orderBy('id', 'asc').execute()).map(
    (r) => r.account_id,
  );
}

/** Local accounts worth following: discoverable, active, not already followed, requested, blocked or muted. */
export async function suggestedAccountIds(db: Db, viewerId: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('accounts as a')
    .innerJoin('users as u', 'u.account_id', 'a.id')
    .select('a.id')
    .where('a.id', '!=', viewerId)
    .where('a.discoverable', '=', 1)
    .where('a.suspended_at', 'is', null)
    .where('a.limited_at', 'is', null)
    .where('u.approved', '=', 1)
    .where('u.disabled', '=', 0)
    .where((eb) =>
      eb.not(
        eb.or([
          eb.exists(eb.selectFrom('follows as f').select('f.id').where('f.account_id', '=', viewerId).whereRef('f.target_account_id', '=', 'a.id')),
          eb.exists(eb.selectFrom('follow_requests as r').select('r.id').where('r.account_id', '=', viewerId).whereRef('r.target_account_id', '=', 'a.id')),
          eb.exists(eb.selectFrom('blocks as b').select('b.id').where('b.account_id', '=', viewerId).whereRef('b.target_account_id', '=', 'a.id')),
          eb.exists(eb.selectFrom('blocks as b2').select('b2.id').whereRef('b2.account_id', '=', 'a.id').where('b2.target_account_id', '=', viewerId)),
          eb.exists(eb.selectFrom('mutes as m').select('m.id').where('m.account_id', '=', viewerId).whereRef('m.target_account_id', '=', 'a.id')),
        ]),
      ),
    )
    .orderBy('a.followers_count', 'desc')
    .orderBy('a.statuses_count', 'desc')
    .orderBy('a.id', 'asc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
