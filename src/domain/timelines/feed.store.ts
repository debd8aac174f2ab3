import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

// Home timelines are materialised in feed_entries (fan-out on write). These keep them right when the graph changes.

export interface FeedEntry {
  accountId: string;
  statusId: string;
  authorId: string;
  reblogOfId: string | null;
}

export async function insertFeedEntries(db: Kysely<DB>, entries: FeedEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 500) {
    const chunk = entries.slice(i, i + 500);
    await db
      .insertInto('feed_entries')
      .values(chunk.map((e) => ({ account_id: e.accountId, status_id: e.statusId, author_id: e.authorId, reblog_of_id: e.reblogOfId })))
      .onConflict((oc) => oc.columns(['account_id', 'status_id']).doNothing())
      .execute();
  }
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
