import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

// Batch lookups behind serialising a page of posts: one query per kind of data, never one per post.

const CHUNK = 500;

async function chunked<T>(ids: string[], run: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const unique = [...new Set(ids)];
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) out.push(...(await run(unique.slice(i, i + CHUNK))));
  return out;
}

export async function mentionsOf(db: Kysely<DB>, statusIds: string[]) {
  return chunked(statusIds, (part) =>
    db
      .selectFrom('mentions')
      .innerJoin('accounts', 'accounts.id', 'mentions.account_id')
      .select(['mentions.status_id', 'accounts.id', 'accounts.username'])
      .where('mentions.status_id', 'in', part)
      .execute(),
  );
}

export async function tagsOf(db: Kysely<DB>, statusIds: string[]) {
  return chunked(statusIds, (part) =>
    db
      .selectFrom('status_tags')
      .innerJoin('tags', 'tags.id', 'status_tags.tag_id')
      .select(['status_tags.status_id', 'tags.name', 'tags.display_name'])
      .where('status_tags.status_id', 'in', part)
      .execute(),
  );
}

export async function mediaOf(db: Kysely<DB>, statusIds: string[]) {
  return chunked(statusIds, (part) => db.selectFrom('media_attachments').selectAll().where('status_id', 'in', part).orderBy('id').execute());
}

export async function appsOf(db: Kysely<DB>, appIds: string[]) {
  return chunked(appIds, (part) => db.selectFrom('oauth_apps').select(['id', 'name', 'website']).where('id', 'in', part).execute());
}

export async function accountStates(db: Kysely<DB>, accountIds: string[]) {
  return chunked(accountIds, (part) => db.selectFrom('accounts').select(['id', 'suspended_at', 'limited_at']).where('id', 'in', part).execute());
}

/** How the viewer stands with these authors. */
export async function relationsWith(db: Kysely<DB>, viewerId: string, accountIds: string[]) {
  const ids = [...new Set(accountIds)].filter((a) => a !== viewerId);
  const following = new Set<string>();
  const blocked = new Set<string>();
  const muted = new Set<string>();
  if (ids.length === 0) return { following, blocked, muted };
  await chunked(ids, async (part) => {
    const [f, b, m] = await Promise.all([
      db.selectFrom('follows').select('target_account_id as id').where('account_id', '=', viewerId).where('target_account_id', 'in', part).execute(),
      db
        .selectFrom('blocks')
        .select(['account_id', 'target_account_id'])
        .where((eb) =>
          eb.or([
            eb.and([eb('account_id', '=', viewerId), eb('target_account_id', 'in', part)]),
            eb.and([eb('target_account_id', '=', viewerId), eb('account_id', 'in', part)]),
          ]),
        )
        .execute(),
      db
        .selectFrom('mutes')
        .select(['target_account_id as id', 'expires_at'])
        .where('account_id', '=', viewerId)
        .where('target_account_id', 'in', part)
        .execute(),
    ]);
    for (const r of f) following.add(r.id);
    for (const r of b) blocked.add(r.account_id === viewerId ? r.target_account_id : r.account_id);
    const now = new Date().toISOString();
    for (const r of m) if (!r.expires_at || r.expires_at > now) muted.add(r.id);
    return [];
  });
  return { following, blocked, muted };
}

export async function mentionedIn(db: Kysely<DB>, viewerId: string, statusIds: string[]): Promise<Set<string>> {
  const rows = await chunked(statusIds, (part) =>
    db.selectFrom('mentions').select('status_id').where('account_id', '=', viewerId).where('status_id', 'in', part).execute(),
  );
  return new Set(rows.map((r) => r.status_id));
}

/** What the viewer did to these posts. */
export async function viewerMarks(db: Kysely<DB>, viewerId: string, statusIds: string[], conversationIds: string[]) {
  const [fav, book, pin, echo, votes, cm] = await Promise.all([
    chunked(statusIds, (p) => db.selectFrom('favourites').select('status_id').where('account_id', '=', viewerId).where('status_id', 'in', p).execute()),
    chunked(statusIds, (p) => db.selectFrom('bookmarks').select('status_id').where('account_id', '=', viewerId).where('status_id', 'in', p).execute()),
    chunked(statusIds, (p) => db.selectFrom('pins').select('status_id').where('account_id', '=', viewerId).where('status_id', 'in', p).execute()),
    chunked(statusIds, (p) =>
      db.selectFrom('statuses').select('reblog_of_id as status_id').where('account_id', '=', viewerId).where('reblog_of_id', 'in', p).execute(),
    ),
    chunked(statusIds, (p) =>
      db.selectFrom('status_votes').select(['status_id', 'value']).where('account_id', '=', viewerId).where('status_id', 'in', p).execute(),
    ),
    chunked(conversationIds, (p) =>
      db.selectFrom('conversation_mutes').select('conversation_id').where('account_id', '=', viewerId).where('conversation_id', 'in', p).execute(),
    ),
  ]);
  return {
    favourited: new Set(fav.map((r) => r.status_id)),
    bookmarked: new Set(book.map((r) => r.status_id)),
    pinned: new Set(pin.map((r) => r.status_id)),
    reblogged: new Set(echo.map((r) => r.status_id as string)),
    votes: new Map(votes.map((r) => [r.status_id, Number(r.value)])),
    mutedConversations: new Set(cm.map((r) => r.conversation_id)),
  };
}

export async function mediaOfIds(db: Kysely<DB>, mediaIds: string[]) {
  return chunked(mediaIds, (part) => db.selectFrom('media_attachments').selectAll().where('id', 'in', part).execute());
}

export async function tagIdsOf(db: Kysely<DB>, statusId: string): Promise<string[]> {
  return (await db.selectFrom('status_tags').select('tag_id').where('status_id', '=', statusId).execute()).map((r) => r.tag_id);
}
