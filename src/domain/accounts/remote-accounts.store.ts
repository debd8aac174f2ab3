import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AccountRow } from './accounts.store.js';

// Accounts of other servers (federation), stored beside local ones: `domain` set, username_lower `name@domain`.

export interface RemoteAccountInput {
  uri: string;
  username: string;
  domain: string;
  displayName: string;
  note: string;
  url: string | null;
  inboxUrl: string | null;
  sharedInboxUrl: string | null;
  followersUrl: string | null;
  locked: boolean;
  bot: boolean;
  /** What its actor document says of these; left out, the stored values stay. */
  avatarUrl?: string | null;
  headerUrl?: string | null;
  fields?: Array<{ name: string; value: string }>;
}

export async function findAccountByUri(db: Kysely<DB>, uri: string): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('uri', '=', uri).executeTakeFirst();
}

/** Inserts the remote account or refreshes what its actor document says now; its id. */
export async function upsertRemoteAccount(db: Kysely<DB>, id: string, a: RemoteAccountInput, now: string): Promise<string> {
  const profile = {
    username: a.username,
    username_lower: `${a.username}@${a.domain}`.toLowerCase(),
    display_name: a.displayName,
    note: a.note,
    domain: a.domain,
    url: a.url,
    inbox_url: a.inboxUrl,
    shared_inbox_url: a.sharedInboxUrl,
    followers_url: a.followersUrl,
    locked: a.locked ? 1 : 0,
    bot: a.bot ? 1 : 0,
    updated_at: now,
    ...(a.avatarUrl !== undefined ? { avatar_remote_url: a.avatarUrl } : {}),
    ...(a.headerUrl !== undefined ? { header_remote_url: a.headerUrl } : {}),
    ...(a.fields !== undefined ? { fields: JSON.stringify(a.fields.map((f) => ({ ...f, verified_at: null }))) } : {}),
  };
  const row = await db
    .insertInto('accounts')
    .values({ id, uri: a.uri, discoverable: 0, created_at: now, ...profile })
    .onConflict((oc) => oc.column('uri').doUpdateSet(profile))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Follows read per statement by remoteFollowerInboxes. */
const INBOX_PAGE = 500;

/**
 * Where a local account's posts go: the inboxes of its remote followers, a shared inbox once per server. Read in
 * pages of follows (keyset on the follows_target index) with a turn of the event loop between them: one statement
 * over 10,000 local followers held SQLite's event loop 120 ms on the shared machine (bench:fanout).
 */
export async function remoteFollowerInboxes(db: Kysely<DB>, accountId: string): Promise<Array<{ uri: string; inbox: string; sharedInbox: string | null }>> {
  const out: Array<{ uri: string; inbox: string; sharedInbox: string | null }> = [];
  let after: string | undefined;
  for (;;) {
    let q = db
      .selectFrom('follows')
      .leftJoin('accounts', (j) =>
        j.onRef('accounts.id', '=', 'follows.account_id').on('accounts.domain', 'is not', null).on('accounts.suspended_at', 'is', null),
      )
      .select(['follows.id', 'accounts.uri', 'accounts.inbox_url', 'accounts.shared_inbox_url'])
      .where('follows.target_account_id', '=', accountId);
    if (after) q = q.where('follows.id', '>', after);
    const rows = await q.orderBy('follows.id').limit(INBOX_PAGE).execute();
    for (const r of rows) if (r.uri && r.inbox_url) out.push({ uri: r.uri, inbox: r.inbox_url, sharedInbox: r.shared_inbox_url });
    if (rows.length < INBOX_PAGE) return out;
    after = rows[rows.length - 1]!.id;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Whether any local account follows this (remote) account: only then are its posts taken in. */
export async function hasLocalFollower(db: Kysely<DB>, accountId: string): Promise<boolean> {
  const row = await db
    .selectFrom('follows')
    .innerJoin('accounts', 'accounts.id', 'follows.account_id')
    .select('follows.id')
    .where('follows.target_account_id', '=', accountId)
    .where('accounts.domain', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return !!row;
}

/** One page of an account's followers or followings as actor URIs (local ones have none stored: `username` instead). */
export async function relationPage(
  db: Kysely<DB>,
  accountId: string,
  which: 'followers' | 'following',
  afterId: string | null,
  limit: number,
): Promise<Array<{ followId: string; username: string; uri: string | null }>> {
  const [mine, theirs] = which === 'followers' ? (['target_account_id', 'account_id'] as const) : (['account_id', 'target_account_id'] as const);
  let q = db
    .selectFrom('follows')
    .innerJoin('accounts', 'accounts.id', `follows.${theirs}`)
    .select(['follows.id as followId', 'accounts.username', 'accounts.uri'])
    .where(`follows.${mine}`, '=', accountId)
    .where('accounts.suspended_at', 'is', null);
  if (afterId) q = q.where('follows.id', '<', afterId);
  return q.orderBy('follows.id', 'desc').limit(limit).execute();
}

/** A local account's public and unlisted posts (not echoes) for its outbox, newest first. */
export async function outboxPage(db: Kysely<DB>, accountId: string, beforeId: string | null, limit: number) {
  let q = db
    .selectFrom('statuses')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('state', '=', 'published')
    .where('visibility', 'in', ['public', 'unlisted'])
    .where('reblog_of_id', 'is', null);
  if (beforeId) q = q.where('id', '<', beforeId);
  return q.orderBy('id', 'desc').limit(limit).execute();
}

export async function countOutbox(db: Kysely<DB>, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('statuses')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('state', '=', 'published')
    .where('visibility', 'in', ['public', 'unlisted'])
    .where('reblog_of_id', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
