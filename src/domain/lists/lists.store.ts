import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import type { DB } from '../../db/schema.js';
import { echoShownThroughFollow, noBlockBetween, noRunningMute } from '../../db/shunning.js';

export type RepliesPolicy = 'followed' | 'list' | 'none';

export interface ListRow {
  id: string;
  account_id: string;
  title: string;
  replies_policy: RepliesPolicy;
  exclusive: number;
  created_at: string;
}

const LIST_COLUMNS = ['id', 'account_id', 'title', 'replies_policy', 'exclusive', 'created_at'] as const;

export async function findList(db: Kysely<DB>, id: string): Promise<ListRow | undefined> {
  return db.selectFrom('lists').select(LIST_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function listsOf(db: Kysely<DB>, accountId: string): Promise<ListRow[]> {
  return db.selectFrom('lists').select(LIST_COLUMNS).where('account_id', '=', accountId).orderBy('id', 'asc').execute();
}

/** The owner's lists that hold `memberId`. */
export async function listsOfWithMember(db: Kysely<DB>, ownerId: string, memberId: string): Promise<ListRow[]> {
  return db
    .selectFrom('lists as l')
    .innerJoin('list_accounts as la', 'la.list_id', 'l.id')
    .select(['l.id', 'l.account_id', 'l.title', 'l.replies_policy', 'l.exclusive', 'l.created_at'])
    .where('l.account_id', '=', ownerId)
    .where('la.account_id', '=', memberId)
    .orderBy('l.id', 'asc')
    .execute();
}

export async function insertList(db: Kysely<DB>, row: ListRow): Promise<void> {
  await db.insertInto('lists').values(row).execute();
}

export async function updateList(db: Kysely<DB>, id: string, set: Partial<Pick<ListRow, 'title' | 'replies_policy' | 'exclusive'>>): Promise<void> {
  if (Object.keys(set).length === 0) return;
  await db.updateTable('lists').set(set).where('id', '=', id).execute();
}

export async function deleteList(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom('list_accounts').where('list_id', '=', id).execute();
  await db.deleteFrom('lists').where('id', '=', id).execute();
}

export async function countMembers(db: Kysely<DB>, listId: string): Promise<number> {
  const r = await db
    .selectFrom('list_accounts')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('list_id', '=', listId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Members in the order they were added, paginated by the membership's id. */
export function membersQuery(db: Kysely<DB>, listId: string) {
  return db.selectFrom('list_accounts as la').select(['la.id as key', 'la.account_id']).where('la.list_id', '=', listId);
}

/** Of these accounts, those `ownerId` follows. */
export async function followedAmong(db: Kysely<DB>, ownerId: string, accountIds: string[]): Promise<Set<string>> {
  if (accountIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('follows')
    .select('target_account_id')
    .where('account_id', '=', ownerId)
    .where('target_account_id', 'in', accountIds)
    .execute();
  return new Set(rows.map((r) => r.target_account_id));
}

export async function insertMembers(db: Kysely<DB>, rows: Array<{ id: string; list_id: string; account_id: string; created_at: string }>): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('list_accounts')
    .values(rows)
    .onConflict((oc) => oc.columns(['list_id', 'account_id']).doNothing())
    .execute();
}

export async function deleteMembers(db: Kysely<DB>, listId: string, accountIds: string[]): Promise<number> {
  if (accountIds.length === 0) return 0;
  const r = await db.deleteFrom('list_accounts').where('list_id', '=', listId).where('account_id', 'in', accountIds).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** After a follow ends: `memberId` leaves every list of `ownerId`. */
export async function removeFromOwnersLists(db: Kysely<DB>, ownerId: string, memberId: string): Promise<void> {
  await db
    .deleteFrom('list_accounts')
    .where('account_id', '=', memberId)
    .where('list_id', 'in', (eb) => eb.selectFrom('lists').select('id').where('account_id', '=', ownerId))
    .execute();
}

type ListEb = ExpressionBuilder<DB & { l: DB['lists'] } & { s: DB['statuses'] }, 'l' | 's'>;

/**
 * Mastodon's replies_policy (FeedManager#filter_from_list?): a post that is not a reply, a self-reply or a
 * reply to the owner always shows; other replies show when the owner follows (`followed`) or the list holds
 * (`list`) the account replied to, and never with `none`.
 */
function replyShown(eb: ListEb): Expression<SqlBool> {
  return eb.or([
    eb('s.in_reply_to_account_id', 'is', null),
    eb('s.in_reply_to_account_id', '=', eb.ref('s.account_id')),
    eb('s.in_reply_to_account_id', '=', eb.ref('l.account_id')),
    eb.and([
      eb('l.replies_policy', '=', 'followed'),
      eb.exists(
        eb
          .selectFrom('follows as rf')
          .select('rf.id')
          .whereRef('rf.account_id', '=', 'l.account_id')
          .whereRef('rf.target_account_id', '=', 's.in_reply_to_account_id'),
      ),
    ]),
    eb.and([
      eb('l.replies_policy', '=', 'list'),
      eb.exists(
        eb.selectFrom('list_accounts as rl').select('rl.id').whereRef('rl.list_id', '=', 'l.id').whereRef('rl.account_id', '=', 's.in_reply_to_account_id'),
      ),
    ]),
  ]);
}

/**
 * A list's timeline, read at request time: published posts and echoes of its members (followed, so
 * followers-only posts too; never direct), one (account_id, id) index range per member as for a profile,
 * minus authors the owner blocks or mutes, echoes the owner turned off for that follow or of originals by
 * the owner or someone the owner shuns, and replies the list's policy leaves out.
 */
export function listStatusesQuery(db: Kysely<DB>, list: { id: string; account_id: string }) {
  const owner = list.account_id;
  const now = new Date().toISOString();
  return db
    .selectFrom('list_accounts as la')
    .innerJoin('lists as l', 'l.id', 'la.list_id')
    .innerJoin('follows as f', (j) => j.onRef('f.account_id', '=', 'l.account_id').onRef('f.target_account_id', '=', 'la.account_id'))
    .innerJoin('statuses as s', 's.account_id', 'la.account_id')
    .select('s.id as page_id')
    .where('la.list_id', '=', list.id)
    .where('s.state', '=', 'published')
    .where('s.visibility', 'in', ['public', 'unlisted', 'private'])
    .where((eb) => noBlockBetween(eb, owner, { ref: 's.account_id' }))
    .where((eb) => noRunningMute(eb, owner, { ref: 's.account_id' }, now))
    .where((eb) => echoShownThroughFollow(eb, owner, now))
    .where((eb) => replyShown(eb as unknown as ListEb));
}

/**
 * At fan-out: the lists (and their owners) that hold the author of this post and would show it under their
 * replies policy. One query; the caller keeps the owners who get the post in their home.
 */
export async function listsShowing(
  db: Kysely<DB>,
  s: { account_id: string; in_reply_to_account_id: string | null },
): Promise<Array<{ id: string; account_id: string }>> {
  const replyTo = s.in_reply_to_account_id;
  let q = db
    .selectFrom('list_accounts as la')
    .innerJoin('lists as l', 'l.id', 'la.list_id')
    .select(['l.id', 'l.account_id'])
    .where('la.account_id', '=', s.account_id);
  if (replyTo !== null && replyTo !== s.account_id)
    q = q.where((eb) =>
      eb.or([
        eb('l.account_id', '=', replyTo),
        eb.and([
          eb('l.replies_policy', '=', 'followed'),
          eb.exists(eb.selectFrom('follows as rf').select('rf.id').whereRef('rf.account_id', '=', 'l.account_id').where('rf.target_account_id', '=', replyTo)),
        ]),
        eb.and([
          eb('l.replies_policy', '=', 'list'),
          eb.exists(eb.selectFrom('list_accounts as rl').select('rl.id').whereRef('rl.list_id', '=', 'l.id').where('rl.account_id', '=', replyTo)),
        ]),
      ]),
    );
  return q.execute();
}
