import type { Expression, ExpressionBuilder, Kysely, SelectQueryBuilder, SqlBool } from 'kysely';
import type { DB } from '../../db/schema.js';
import { accountsApartFrom, echoShownThroughFollow, noBlockBetween, noDomainBlockBy, noRunningMute } from '../../db/shunning.js';

// Home timelines are materialised in feed_entries (fan-out on write), except for authors with very many followers,
// merged at read time (fan-out on read). These keep them right when the graph changes.

export interface FeedEntry {
  accountId: string;
  statusId: string;
  authorId: string;
  reblogOfId: string | null;
}

/** Adds the entries not there yet; returns the homes that gained one (a retried fan-out finds none). */
export async function insertFeedEntries(db: Kysely<DB>, entries: FeedEntry[]): Promise<Set<string>> {
  const added = new Set<string>();
  for (let i = 0; i < entries.length; i += 500) {
    const chunk = entries.slice(i, i + 500);
    const rows = await db
      .insertInto('feed_entries')
      .values(chunk.map((e) => ({ account_id: e.accountId, status_id: e.statusId, author_id: e.authorId, reblog_of_id: e.reblogOfId })))
      .onConflict((oc) => oc.columns(['account_id', 'status_id']).doNothing())
      .returning('account_id')
      .execute();
    for (const r of rows) added.add(r.account_id);
  }
  return added;
}

/** After a follow: the followed account's recent posts and echoes that the follower may see join their home feed. */
export async function addAuthorToFeed(db: Kysely<DB>, accountId: string, authorId: string, limit = 40): Promise<void> {
  const recent = await db
    .selectFrom('statuses')
    .select(['id', 'reblog_of_id'])
    .where('account_id', '=', authorId)
    .where('state', '=', 'published')
    .where('visibility', 'in', ['public', 'unlisted', 'private'])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  await insertFeedEntries(
    db,
    recent.map((s) => ({ accountId, statusId: s.id, authorId, reblogOfId: s.reblog_of_id })),
  );
}

/** After an unfollow or a block: the account's posts leave the home feed. */
export async function removeAuthorFromFeed(db: Kysely<DB>, accountId: string, authorId: string): Promise<void> {
  await db.deleteFrom('feed_entries').where('account_id', '=', accountId).where('author_id', '=', authorId).execute();
}

/**
 * One chunk of who gets a new post (or echo) in their home feed: the author's followers after the follow `after`
 * (keyset on follows.id, the follows_target index), minus those who block or mute the author (or are blocked by
 * them). For echoes: only followers who want echoes, and not those who block or mute the original author, nor the
 * original author themselves. `among` narrows it to those accounts (a direct post's mentions). `next` is the
 * cursor of the following chunk, null after the last.
 */
export async function fanoutFollowers(
  db: Kysely<DB>,
  authorId: string,
  echoOf: { authorId: string } | null,
  page: { after?: string; limit: number; among?: string[] },
): Promise<{ followers: string[]; next: string | null }> {
  if (page.among?.length === 0) return { followers: [], next: null };
  // A timed mute that has ended no longer keeps posts out.
  const now = new Date().toISOString();
  let q = notShunning(db.selectFrom('follows as f').select(['f.id', 'f.account_id']).where('f.target_account_id', '=', authorId), authorId, now);
  if (echoOf) q = notShunning(q.where('f.show_reblogs', '=', 1).where('f.account_id', '!=', echoOf.authorId), echoOf.authorId, now);
  if (page.after) q = q.where('f.id', '>', page.after);
  if (page.among) q = q.where('f.account_id', 'in', page.among);
  // One row more than the chunk says whether another chunk follows.
  const rows = await q
    .orderBy('f.id')
    .limit(page.limit + 1)
    .execute();
  const more = rows.length > page.limit;
  if (more) rows.pop();
  return { followers: rows.map((r) => r.account_id), next: more ? rows[rows.length - 1]!.id : null };
}

/** How an author's posts reach homes: their follower count, and whether they are merged at read time already. */
export async function fanoutState(db: Kysely<DB>, authorId: string): Promise<{ followers: number; onRead: boolean } | undefined> {
  const row = await db.selectFrom('accounts').select(['followers_count', 'fanout_on_read']).where('id', '=', authorId).executeTakeFirst();
  return row && { followers: Number(row.followers_count), onRead: row.fanout_on_read === 1 };
}

/**
 * From now on the author's posts are merged into followers' homes at read time. For good: what was written into
 * homes before stays there, and the merge shows each post once whichever way it came.
 */
export async function markFanoutOnRead(db: Kysely<DB>, authorId: string): Promise<void> {
  await db.updateTable('accounts').set({ fanout_on_read: 1 }).where('id', '=', authorId).execute();
}

type FollowersQuery = SelectQueryBuilder<DB & { f: DB['follows'] }, 'f', { id: string; account_id: string }>;

/** Leaves out followers who block or mute `authorId` (a mute still running at `now`), or whom it blocks. */
function notShunning(q: FollowersQuery, authorId: string, now: string): FollowersQuery {
  const follower = { ref: 'f.account_id' };
  return q.where((eb) => noBlockBetween(eb, follower, authorId)).where((eb) => noRunningMute(eb, follower, authorId, now));
}

/** Followers who asked to be notified of the author's posts. */
export async function notifyingFollowers(db: Kysely<DB>, authorId: string): Promise<string[]> {
  return (await db.selectFrom('follows').select('account_id').where('target_account_id', '=', authorId).where('notify', '=', 1).execute()).map(
    (r) => r.account_id,
  );
}

/** Whose home feed shows this status (for edit events). */
export async function feedHolders(db: Kysely<DB>, statusId: string): Promise<string[]> {
  return (await db.selectFrom('feed_entries').select('account_id').where('status_id', '=', statusId).execute()).map((r) => r.account_id);
}

/**
 * What a home shows of an author at read time, whichever way the post came: no author the reader blocks, mutes or
 * is blocked by (the graph may have changed since the write), and no member of the reader's exclusive lists
 * (Mastodon 4.2: their posts show in the list only).
 */
function shownInHome(eb: ExpressionBuilder<any, any>, accountId: string, author: string, now: string): Expression<SqlBool> {
  return eb.and([
    noBlockBetween(eb, accountId, { ref: author }),
    noRunningMute(eb, accountId, { ref: author }, now),
    noDomainBlockBy(eb, accountId, { ref: author }),
    eb.or([
      eb(author, '=', accountId),
      eb.not(
        eb.exists(
          eb
            .selectFrom('list_accounts as xla')
            .innerJoin('lists as xl', 'xl.id', 'xla.list_id')
            .select('xla.id')
            .whereRef('xla.account_id', '=', author)
            .where('xl.account_id', '=', accountId)
            .where('xl.exclusive', '=', 1),
        ),
      ),
    ]),
  ]);
}

/** One page of a home feed as written by fan-out: one index range over (account_id, status_id), as shownInHome allows. */
export function homeFeedQuery(db: Kysely<DB>, accountId: string) {
  const now = new Date().toISOString();
  return db
    .selectFrom('feed_entries as fe')
    .select(['fe.status_id', 'fe.author_id', 'fe.reblog_of_id'])
    .where('fe.account_id', '=', accountId)
    .where((eb) => shownInHome(eb, accountId, 'fe.author_id', now));
}

/** Of the accounts `accountId` follows, those whose posts are merged into homes at read time. */
export async function followedOnRead(db: Kysely<DB>, accountId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('follows as f')
    .innerJoin('accounts as a', 'a.id', 'f.target_account_id')
    .select('f.target_account_id')
    .where('f.account_id', '=', accountId)
    .where('a.fanout_on_read', '=', 1)
    .execute();
  return rows.map((r) => r.target_account_id);
}

/**
 * The read-time half of a home: posts and echoes of `authorIds` (followed accounts merged at read time), as fan-out
 * would have written them (published, never direct; echoes only where the follow shows them, never of the reader's
 * own posts nor of someone the reader shuns), then as shownInHome allows. One (account_id, id) range per author.
 */
export function mergedFeedQuery(db: Kysely<DB>, accountId: string, authorIds: string[]) {
  const now = new Date().toISOString();
  return db
    .selectFrom('statuses as s')
    .innerJoin('follows as f', (j) => j.onRef('f.target_account_id', '=', 's.account_id').on('f.account_id', '=', accountId))
    .select(['s.id as status_id', 's.account_id as author_id', 's.reblog_of_id'])
    .where('s.account_id', 'in', authorIds)
    .where('s.state', '=', 'published')
    .where('s.visibility', 'in', ['public', 'unlisted', 'private'])
    .where((eb) => echoShownThroughFollow(eb, accountId, now))
    .where((eb) => shownInHome(eb, accountId, 's.account_id', now));
}

/** Of these accounts, those who block or mute the author, or whom the author blocks. */
export async function accountsShunning(db: Kysely<DB>, authorId: string, accountIds: string[]): Promise<Set<string>> {
  return accountsApartFrom(db, authorId, accountIds, { now: new Date().toISOString() });
}

/**
 * Rebuilds one home feed from the graph: the newest `limit` published posts and echoes (not direct) of
 * the account and those it follows. For seeding, repairs, and accounts whose feed was never written.
 */
export async function rebuildHomeFeed(db: Kysely<DB>, accountId: string, limit = 800): Promise<void> {
  await db
    .insertInto('feed_entries')
    .columns(['account_id', 'status_id', 'author_id', 'reblog_of_id'])
    .expression((eb) =>
      eb
        .selectFrom('statuses as s')
        .select([eb.val(accountId).as('account_id'), 's.id', 's.account_id', 's.reblog_of_id'])
        .where((w) =>
          w.or([
            w('s.account_id', '=', accountId),
            w('s.account_id', 'in', w.selectFrom('follows').select('target_account_id').where('account_id', '=', accountId)),
          ]),
        )
        .where('s.state', '=', 'published')
        .where('s.visibility', 'in', ['public', 'unlisted', 'private'])
        .orderBy('s.id', 'desc')
        .limit(limit),
    )
    .onConflict((oc) => oc.columns(['account_id', 'status_id']).doNothing())
    .execute();
}
