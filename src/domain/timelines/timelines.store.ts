import { type Kysely, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { noBlockBetween, noDomainBlockBy, noRunningMute } from '../../db/shunning.js';

// Timeline queries return status ids (plus a pagination key); the serializer loads the rest in batches.

/**
 * Published public originals that may appear in public places: not limited, by authors neither
 * limited nor suspended. The partial index statuses_public serves the id range.
 */
export function publicStatusesQuery(db: Kysely<DB>) {
  return (
    db
      .selectFrom('statuses as s')
      .innerJoin('accounts as a', 'a.id', 's.account_id')
      .select('s.id as page_id')
      // Literals, not bound parameters: only then can SQLite (and a generic PostgreSQL plan) use the partial index.
      .where(sql<SqlBool>`s.visibility = 'public' AND s.reblog_of_id IS NULL AND s.state = 'published' AND s.limited = 0`)
      .where('a.limited_at', 'is', null)
      .where('a.suspended_at', 'is', null)
  );
}

type StatusQuery = ReturnType<typeof publicStatusesQuery>;

/**
 * Public posts carrying any of these tags, driven by the status_tags (tag_id, status_id) index so a rare
 * tag does not scan the whole public timeline. Paginate on `st.status_id`. Shares the filters above.
 */
export function taggedPublicStatusesQuery(db: Kysely<DB>, tagIds: string[]): StatusQuery {
  let q = db
    .selectFrom('status_tags as st')
    .innerJoin('statuses as s', 's.id', 'st.status_id')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .select('st.status_id as page_id')
    .where('st.tag_id', 'in', tagIds)
    .where(sql<SqlBool>`s.visibility = 'public' AND s.reblog_of_id IS NULL AND s.state = 'published' AND s.limited = 0`)
    .where('a.limited_at', 'is', null)
    .where('a.suspended_at', 'is', null);
  if (tagIds.length > 1) q = q.distinct();
  return q as unknown as StatusQuery;
}

export function withMedia(q: StatusQuery): StatusQuery {
  return q.where(({ exists, selectFrom }) => exists(selectFrom('media_attachments as ma').select('ma.id').whereRef('ma.status_id', '=', 's.id')));
}

/** Only posts of local accounts, or only of remote ones (federation): `accounts.domain` null is local. */
export function fromOrigin(q: StatusQuery, origin: 'local' | 'remote'): StatusQuery {
  return origin === 'local' ? q.where('a.domain', 'is', null) : q.where('a.domain', 'is not', null);
}

/** Leaves out authors the viewer blocks, mutes or is blocked by, and those of servers the viewer blocks. */
export function hideSilencedAuthors(q: StatusQuery, viewerId: string): StatusQuery {
  const now = new Date().toISOString();
  const author = { ref: 's.account_id' };
  return q
    .where((eb) => noBlockBetween(eb, viewerId, author))
    .where((eb) => noRunningMute(eb, viewerId, author, now))
    .where((eb) => noDomainBlockBy(eb, viewerId, author));
}

export async function tagIdsByNames(db: Kysely<DB>, names: string[]): Promise<Map<string, string>> {
  if (names.length === 0) return new Map();
  const rows = await db.selectFrom('tags').select(['id', 'name']).where('name', 'in', names).execute();
  return new Map(rows.map((r) => [r.name, r.id]));
}

export function hasAnyTag(q: StatusQuery, tagIds: string[]): StatusQuery {
  return q.where(({ exists, selectFrom }) =>
    exists(selectFrom('status_tags as st').select('st.tag_id').whereRef('st.status_id', '=', 's.id').where('st.tag_id', 'in', tagIds)),
  );
}

export function hasNoTag(q: StatusQuery, tagIds: string[]): StatusQuery {
  return q.where(({ not, exists, selectFrom }) =>
    not(exists(selectFrom('status_tags as sn').select('sn.tag_id').whereRef('sn.status_id', '=', 's.id').where('sn.tag_id', 'in', tagIds))),
  );
}

/** One account's posts and echoes as a given viewer may list them. */
export function accountStatusesQuery(
  db: Kysely<DB>,
  accountId: string,
  opts: { viewerId: string | null; isFollower: boolean; excludeReplies: boolean; excludeReblogs: boolean; tagId?: string },
) {
  let q = db.selectFrom('statuses as s').select('s.id as page_id').where('s.account_id', '=', accountId);
  if (opts.viewerId !== accountId) {
    const viewerId = opts.viewerId;
    q = q.where('s.state', '=', 'published');
    q = q.where((eb) => {
      const open = [eb('s.visibility', 'in', opts.isFollower ? ['public', 'unlisted', 'private'] : ['public', 'unlisted'])];
      if (viewerId)
        open.push(
          eb.and([
            eb('s.visibility', 'in', ['private', 'direct']),
            eb.exists(eb.selectFrom('mentions as mn').select('mn.account_id').whereRef('mn.status_id', '=', 's.id').where('mn.account_id', '=', viewerId)),
          ]),
        );
      return eb.or(open);
    });
  }
  // Mastodon keeps self-replies (threads) when replies are excluded.
  if (opts.excludeReplies) q = q.where((eb) => eb.or([eb('s.in_reply_to_id', 'is', null), eb('s.in_reply_to_account_id', '=', accountId)]));
  if (opts.excludeReblogs) q = q.where('s.reblog_of_id', 'is', null);
  if (opts.tagId) {
    const tagId = opts.tagId;
    q = q.where(({ exists, selectFrom }) =>
      exists(selectFrom('status_tags as st').select('st.tag_id').whereRef('st.status_id', '=', 's.id').where('st.tag_id', '=', tagId)),
    );
  }
  return q;
}

export function onlyMedia<T extends ReturnType<typeof accountStatusesQuery>>(q: T): T {
  return q.where(({ exists, selectFrom }) => exists(selectFrom('media_attachments as ma').select('ma.id').whereRef('ma.status_id', '=', 's.id'))) as T;
}

export async function pinnedStatusIds(db: Kysely<DB>, accountId: string): Promise<string[]> {
  return (await db.selectFrom('pins').select('status_id').where('account_id', '=', accountId).orderBy('id', 'desc').limit(20).execute()).map(
    (r) => r.status_id,
  );
}

/** The viewer's favourites or bookmarks, newest mark first, paginated by the mark's id. */
export function markedQuery(db: Kysely<DB>, table: 'favourites' | 'bookmarks', accountId: string) {
  return db
    .selectFrom(`${table} as mk` as 'favourites as mk')
    .select(['mk.id as page_id', 'mk.status_id'])
    .where('mk.account_id', '=', accountId);
}

export async function blockedEitherWay(db: Kysely<DB>, a: string, b: string): Promise<boolean> {
  const r = await db
    .selectFrom('blocks')
    .select('id')
    .where((eb) =>
      eb.or([eb.and([eb('account_id', '=', a), eb('target_account_id', '=', b)]), eb.and([eb('account_id', '=', b), eb('target_account_id', '=', a)])]),
    )
    .executeTakeFirst();
  return !!r;
}
