import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';

// What an operator reads from the shell and from /metrics: counts, accounts, open reports.

/** Open moderation cases by source (screening, report, hash): the moderation queue. */
export async function countOpenCases(db: Kysely<DB>): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('moderation_cases')
    .select(['source', (eb) => eb.fn.countAll<number>().as('n')])
    .where('state', '=', 'open')
    .groupBy('source')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.source, Number(r.n)]));
}

export interface AccountListRow {
  id: string;
  username: string;
  email: string;
  role: string;
  created_at: string;
  suspended_at: string | null;
  limited_at: string | null;
  disabled: number;
  approved: number;
  statuses_count: number;
  followers_count: number;
}

/** Local accounts, newest first; `query` matches a part of the username or the e-mail address. */
export async function listLocalAccounts(db: Kysely<DB>, opts: { query?: string; limit: number; offset: number }): Promise<AccountListRow[]> {
  let q = db
    .selectFrom('accounts as a')
    .innerJoin('users as u', 'u.account_id', 'a.id')
    .select([
      'a.id',
      'a.username',
      'u.email',
      'u.role',
      'a.created_at',
      'a.suspended_at',
      'a.limited_at',
      'u.disabled',
      'u.approved',
      'a.statuses_count',
      'a.followers_count',
    ]);
  if (opts.query) {
    const like = `%${opts.query.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    // ESCAPE spelled out: SQLite has no default escape character (PostgreSQL's is the backslash).
    q = q.where(sql<boolean>`(a.username_lower like ${like} escape '\\' or u.email_lower like ${like} escape '\\')`);
  }
  return (await q.orderBy('a.id', 'desc').limit(opts.limit).offset(opts.offset).execute()) as AccountListRow[];
}

export interface OpenReportRow {
  id: string;
  reporter: string;
  target: string;
  category: string;
  comment: string;
  status_ids: string;
  created_at: string;
}

/** Reports nobody has acted on, oldest first (the order a moderator should take them). */
export async function listOpenReports(db: Kysely<DB>, limit: number): Promise<OpenReportRow[]> {
  return db
    .selectFrom('reports as r')
    .innerJoin('accounts as ra', 'ra.id', 'r.account_id')
    .innerJoin('accounts as ta', 'ta.id', 'r.target_account_id')
    .select(['r.id', 'ra.username as reporter', 'ta.username as target', 'r.category', 'r.comment', 'r.status_ids', 'r.created_at'])
    .where('r.action_taken_at', 'is', null)
    .orderBy('r.id', 'asc')
    .limit(limit)
    .execute();
}

export interface InstanceCounts {
  accounts: number;
  awaitingApproval: number;
  suspended: number;
  silenced: number;
  disabled: number;
  staff: number;
  posts: number;
  openReports: number;
}

export async function instanceCounts(db: Kysely<DB>): Promise<InstanceCounts> {
  const n = (row: { n: number | string | bigint | null } | undefined) => Number(row?.n ?? 0);
  const users = db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n'));
  const accounts = db
    .selectFrom('accounts as a')
    .innerJoin('users as u', 'u.account_id', 'a.id')
    .select((eb) => eb.fn.countAll<number>().as('n'));
  const [all, waiting, suspended, silenced, disabled, staff, posts, reports] = await Promise.all([
    users.executeTakeFirst(),
    users.where('approved', '=', 0).executeTakeFirst(),
    accounts.where('a.suspended_at', 'is not', null).executeTakeFirst(),
    accounts.where('a.limited_at', 'is not', null).executeTakeFirst(),
    users.where('disabled', '=', 1).executeTakeFirst(),
    users.where('role', 'in', ['moderator', 'admin']).executeTakeFirst(),
    db
      .selectFrom('statuses')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst(),
    db
      .selectFrom('reports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action_taken_at', 'is', null)
      .executeTakeFirst(),
  ]);
  return {
    accounts: n(all),
    awaitingApproval: n(waiting),
    suspended: n(suspended),
    silenced: n(silenced),
    disabled: n(disabled),
    staff: n(staff),
    posts: n(posts),
    openReports: n(reports),
  };
}

export async function usernameOf(db: Kysely<DB>, accountId: string): Promise<string | undefined> {
  return (await db.selectFrom('accounts').select('username').where('id', '=', accountId).executeTakeFirst())?.username;
}
