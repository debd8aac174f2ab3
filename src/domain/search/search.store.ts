import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../../db/create-db.js';
import { startsWithInsensitive, statusTextMatch } from '../../db/full-text.js';
import type { DB } from '../../db/schema.js';
import { noBlockBetween } from '../../db/shunning.js';

/** Accounts whose username or display name starts with the query; exact usernames first, then by followers. */
export async function searchAccountIds(
  db: Kysely<DB>,
  q: string,
  opts: { viewerId: string | null; following: boolean; limit: number; offset: number },
): Promise<string[]> {
  let query = db
    .selectFrom('accounts as a')
    .select('a.id')
    .where('a.suspended_at', 'is', null)
    .where('a.limited_at', 'is', null)
    .where((eb) => eb.or([startsWithInsensitive('a.username_lower', q), startsWithInsensitive('a.display_name', q)]));
  const viewerId = opts.viewerId;
  if (viewerId) {
    query = query.where((eb) => noBlockBetween(eb, viewerId, { ref: 'a.id' }));
    if (opts.following)
      query = query.where(({ exists, selectFrom }) =>
        exists(selectFrom('follows as f').select('f.id').where('f.account_id', '=', viewerId).whereRef('f.target_account_id', '=', 'a.id')),
      );
  }
  const rows = await query
    .orderBy(sql`CASE WHEN a.username_lower = ${q.toLowerCase()} THEN 0 ELSE 1 END`)
    .orderBy('a.followers_count', 'desc')
    .orderBy('a.id', 'asc')
    .limit(opts.limit)
    .offset(opts.offset)
    .execute();
  return rows.map((r) => r.id);
}

export async function searchTags(db: Kysely<DB>, name: string, limit: number, offset: number) {
  return db
    .selectFrom('tags as t')
    .select(['t.id', 't.name'])
    .where(startsWithInsensitive('t.name', name))
    .orderBy(sql`CASE WHEN t.name = ${name} THEN 0 ELSE 1 END`)
    .orderBy('t.last_status_at', 'desc')
    .orderBy('t.name', 'asc')
    .limit(limit)
    .offset(offset)
    .execute();
}

/**
 * Posts matching the words: public, published, not limited, by authors neither limited nor suspended;
 * the viewer's own posts whatever their visibility. Newest first.
 */
export async function searchStatusIds(
  db: Kysely<DB>,
  dialect: Dialect,
  q: string,
  opts: { viewerId: string | null; accountId?: string; limit: number; offset: number },
): Promise<string[]> {
  const match = statusTextMatch(dialect, 's', q);
  if (!match) return [];
  const viewerId = opts.viewerId;
  let query = db
    .selectFrom('statuses as s')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .select('s.id')
    .where(match)
    .where('s.reblog_of_id', 'is', null)
    .where('a.suspended_at', 'is', null)
    .where((eb) => {
      const open = eb.and([eb('s.visibility', '=', 'public'), eb('s.state', '=', 'published'), eb('s.limited', '=', 0), eb('a.limited_at', 'is', null)]);
      return viewerId ? eb.or([open, eb('s.account_id', '=', viewerId)]) : open;
    });
  if (opts.accountId) query = query.where('s.account_id', '=', opts.accountId);
  const rows = await query.orderBy('s.id', 'desc').limit(opts.limit).offset(opts.offset).execute();
  return rows.map((r) => r.id);
}

/** A local post or account named by its URL (`https://host/@user/123`, `https://host/@user`). */
export async function findAccountIdByUsername(db: Kysely<DB>, username: string): Promise<string | undefined> {
  return (
    await db.selectFrom('accounts').select('id').where('username_lower', '=', username.toLowerCase()).where('suspended_at', 'is', null).executeTakeFirst()
  )?.id;
}

/** A stored remote post (published) or account whose ActivityPub id or page is `url`. */
export async function findRemoteByUrl(db: Kysely<DB>, url: string): Promise<{ statusId: string } | { accountId: string } | null> {
  const s = await db
    .selectFrom('statuses')
    .select('id')
    .where((eb) => eb.or([eb('uri', '=', url), eb('url', '=', url)]))
    .where('state', '=', 'published')
    .where('reblog_of_id', 'is', null)
    .limit(1)
    .executeTakeFirst();
  if (s) return { statusId: s.id };
  const a = await db
    .selectFrom('accounts')
    .select('id')
    .where((eb) => eb.or([eb('uri', '=', url), eb('url', '=', url)]))
    .where('domain', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  return a ? { accountId: a.id } : null;
}
