import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
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

// A row of the one-statement lookups below: which kind of fact, about which id.
interface KindRow {
  kind: string;
  id: string;
  extra: string | number | null;
}
// The branches of a UNION ALL come from different tables.
type Branch = SelectQueryBuilder<DB, any, KindRow>;

async function unionAll(branches: Branch[]): Promise<KindRow[]> {
  if (branches.length === 0) return [];
  let q = branches[0]!;
  for (const b of branches.slice(1)) q = q.unionAll(b);
  return q.execute();
}

/** How the viewer stands with these authors (follows, blocks either way, mutes), in one statement per 500 authors. */
export async function relationsWith(db: Kysely<DB>, viewerId: string, accountIds: string[]) {
  const ids = [...new Set(accountIds)].filter((a) => a !== viewerId);
  const following = new Set<string>();
  const blocked = new Set<string>();
  const muted = new Set<string>();
  if (ids.length === 0) return { following, blocked, muted };
  const rows = await chunked(ids, (part) =>
    unionAll([
      db
        .selectFrom('follows')
        .select([sql<string>`'f'`.as('kind'), 'target_account_id as id', sql<string | null>`null`.as('extra')])
        .where('account_id', '=', viewerId)
        .where('target_account_id', 'in', part)
        .$castTo<KindRow>(),
      db
        .selectFrom('blocks')
        .select([sql<string>`'b'`.as('kind'), 'target_account_id as id', sql<string | null>`null`.as('extra')])
        .where('account_id', '=', viewerId)
        .where('target_account_id', 'in', part)
        .$castTo<KindRow>(),
      db
        .selectFrom('blocks')
        .select([sql<string>`'b'`.as('kind'), 'account_id as id', sql<string | null>`null`.as('extra')])
        .where('target_account_id', '=', viewerId)
        .where('account_id', 'in', part)
        .$castTo<KindRow>(),
      db
        .selectFrom('mutes')
        .select([sql<string>`'m'`.as('kind'), 'target_account_id as id', 'expires_at as extra'])
        .where('account_id', '=', viewerId)
        .where('target_account_id', 'in', part)
        .$castTo<KindRow>(),
    ]),
  );
  const now = new Date().toISOString();
  for (const r of rows) {
    if (r.kind === 'f') following.add(r.id);
    else if (r.kind === 'b') blocked.add(r.id);
    else if (!r.extra || String(r.extra) > now) muted.add(r.id);
  }
  return { following, blocked, muted };
}

export async function mentionedIn(db: Kysely<DB>, viewerId: string, statusIds: string[]): Promise<Set<string>> {
  const rows = await chunked(statusIds, (part) =>
    db.selectFrom('mentions').select('status_id').where('account_id', '=', viewerId).where('status_id', 'in', part).execute(),
  );
  return new Set(rows.map((r) => r.status_id));
}

/**
 * What the viewer did to these posts (favourites, bookmarks, pins, echoes, votes) and which of their conversations
 * they muted, in one statement per 500 posts.
 */
export async function viewerMarks(db: Kysely<DB>, viewerId: string, statusIds: string[], conversationIds: string[]) {
  const posts = [...new Set(statusIds)];
  const conversations = [...new Set(conversationIds)];
  const rows: KindRow[] = [];
  for (let i = 0; i < Math.max(posts.length, conversations.length); i += CHUNK) {
    const p = posts.slice(i, i + CHUNK);
    const c = conversations.slice(i, i + CHUNK);
    const branches: Branch[] = [];
    if (p.length > 0) {
      for (const [kind, table] of [
        ['f', 'favourites'],
        ['b', 'bookmarks'],
        ['p', 'pins'],
      ] as const) {
        branches.push(
          db
            .selectFrom(table)
            .select([sql<string>`${sql.lit(kind)}`.as('kind'), 'status_id as id', sql<number>`0`.as('extra')])
            .where('account_id', '=', viewerId)
            .where('status_id', 'in', p)
            .$castTo<KindRow>(),
        );
      }
      branches.push(
        db
          .selectFrom('statuses')
          .select([sql<string>`'r'`.as('kind'), 'reblog_of_id as id', sql<number>`0`.as('extra')])
          .where('account_id', '=', viewerId)
          .where('reblog_of_id', 'in', p)
          .$castTo<KindRow>(),
        db
          .selectFrom('status_votes')
          .select([sql<string>`'v'`.as('kind'), 'status_id as id', 'value as extra'])
          .where('account_id', '=', viewerId)
          .where('status_id', 'in', p)
          .$castTo<KindRow>(),
      );
    }
    if (c.length > 0) {
      branches.push(
        db
          .selectFrom('conversation_mutes')
          .select([sql<string>`'c'`.as('kind'), 'conversation_id as id', sql<number>`0`.as('extra')])
          .where('account_id', '=', viewerId)
          .where('conversation_id', 'in', c)
          .$castTo<KindRow>(),
      );
    }
    rows.push(...(await unionAll(branches)));
  }
  const marks = {
    favourited: new Set<string>(),
    bookmarked: new Set<string>(),
    pinned: new Set<string>(),
    reblogged: new Set<string>(),
    votes: new Map<string, number>(),
    mutedConversations: new Set<string>(),
  };
  for (const r of rows) {
    if (r.kind === 'f') marks.favourited.add(r.id);
    else if (r.kind === 'b') marks.bookmarked.add(r.id);
    else if (r.kind === 'p') marks.pinned.add(r.id);
    else if (r.kind === 'r') marks.reblogged.add(r.id);
    else if (r.kind === 'v') marks.votes.set(r.id, Number(r.extra));
    else marks.mutedConversations.add(r.id);
  }
  return marks;
}

export async function mediaOfIds(db: Kysely<DB>, mediaIds: string[]) {
  return chunked(mediaIds, (part) => db.selectFrom('media_attachments').selectAll().where('id', 'in', part).execute());
}

export async function tagIdsOf(db: Kysely<DB>, statusId: string): Promise<string[]> {
  return (await db.selectFrom('status_tags').select('tag_id').where('status_id', '=', statusId).execute()).map((r) => r.tag_id);
}
