import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { DB, PollsTable } from '../../db/schema.js';

export type PollRow = Selectable<PollsTable>;
type Db = Kysely<DB> | Transaction<DB>;

export interface PollWithOptions extends PollRow {
  options: Array<{ title: string; votes_count: number }>;
}

const CHUNK = 500;

export async function insertPoll(
  db: Db,
  poll: { id: string; statusId: string; accountId: string; options: string[]; multiple: boolean; hideTotals: boolean; expiresAt: string; now: string },
): Promise<void> {
  await db
    .insertInto('polls')
    .values({
      id: poll.id,
      status_id: poll.statusId,
      account_id: poll.accountId,
      multiple: poll.multiple ? 1 : 0,
      hide_totals: poll.hideTotals ? 1 : 0,
      expires_at: poll.expiresAt,
      notified_at: null,
      created_at: poll.now,
      updated_at: poll.now,
    })
    .execute();
  await insertOptions(db, poll.id, poll.options);
}

async function insertOptions(db: Db, pollId: string, titles: string[]): Promise<void> {
  await db
    .insertInto('poll_options')
    .values(titles.map((title, position) => ({ poll_id: pollId, position, title, votes_count: 0 })))
    .execute();
}

/** An edit changed the options or the kind of poll: every vote goes, as in Mastodon. */
export async function resetPoll(db: Db, pollId: string, fields: { options: string[]; multiple: boolean }): Promise<void> {
  await db.deleteFrom('poll_votes').where('poll_id', '=', pollId).execute();
  await db.deleteFrom('poll_options').where('poll_id', '=', pollId).execute();
  await insertOptions(db, pollId, fields.options);
  await db
    .updateTable('polls')
    .set({ multiple: fields.multiple ? 1 : 0, votes_count: 0, voters_count: 0 })
    .where('id', '=', pollId)
    .execute();
}

export async function updatePollFields(db: Db, pollId: string, fields: Partial<Omit<PollRow, 'id' | 'status_id' | 'account_id'>>): Promise<void> {
  await db.updateTable('polls').set(fields).where('id', '=', pollId).execute();
}

export async function findPoll(db: Db, id: string): Promise<PollRow | undefined> {
  return db.selectFrom('polls').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPollOfStatus(db: Db, statusId: string): Promise<PollWithOptions | undefined> {
  return (await pollsOfStatuses(db, [statusId]))[0];
}

/** The polls of a page of posts with their options: two queries whatever the page's length. */
export async function pollsOfStatuses(db: Db, statusIds: string[]): Promise<PollWithOptions[]> {
  const unique = [...new Set(statusIds)];
  const polls: PollRow[] = [];
  for (let i = 0; i < unique.length; i += CHUNK)
    polls.push(
      ...(await db
        .selectFrom('polls')
        .selectAll()
        .where('status_id', 'in', unique.slice(i, i + CHUNK))
        .execute()),
    );
  if (polls.length === 0) return [];
  const options = await db
    .selectFrom('poll_options')
    .select(['poll_id', 'position', 'title', 'votes_count'])
    .where(
      'poll_id',
      'in',
      polls.map((p) => p.id),
    )
    .orderBy('poll_id')
    .orderBy('position')
    .execute();
  const byPoll = new Map<string, PollWithOptions['options']>();
  for (const o of options) {
    const list = byPoll.get(o.poll_id) ?? [];
    list.push({ title: o.title, votes_count: o.votes_count });
    byPoll.set(o.poll_id, list);
  }
  return polls.map((p) => ({ ...p, options: byPoll.get(p.id) ?? [] }));
}

/** The viewer's choices in each of these polls. */
export async function ownVotes(db: Kysely<DB>, accountId: string, pollIds: string[]): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  if (pollIds.length === 0) return out;
  const rows = await db
    .selectFrom('poll_votes')
    .select(['poll_id', 'choice'])
    .where('account_id', '=', accountId)
    .where('poll_id', 'in', pollIds)
    .orderBy('choice')
    .execute();
  for (const r of rows) out.set(r.poll_id, [...(out.get(r.poll_id) ?? []), r.choice]);
  return out;
}

/**
 * First statement of a vote's transaction: counts the voter and takes the poll row's lock, so two votes by one
 * account cannot both pass the "already voted" check. False when the poll has ended (nothing changed).
 */
export async function claimVoter(db: Transaction<DB>, pollId: string, choices: number, now: string): Promise<boolean> {
  const r = await db
    .updateTable('polls')
    .set({
      voters_count: sql<number>`voters_count + 1`,
      votes_count: sql<number>`votes_count + ${sql.lit(Math.trunc(choices))}`,
    })
    .where('id', '=', pollId)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function hasVoted(db: Db, pollId: string, accountId: string): Promise<boolean> {
  const r = await db.selectFrom('poll_votes').select('id').where('poll_id', '=', pollId).where('account_id', '=', accountId).executeTakeFirst();
  return r !== undefined;
}

export async function insertVotes(db: Db, rows: Array<{ id: string; poll_id: string; account_id: string; choice: number; created_at: string }>): Promise<void> {
  await db.insertInto('poll_votes').values(rows).execute();
  await db
    .updateTable('poll_options')
    .set({ votes_count: sql<number>`votes_count + 1` })
    .where('poll_id', '=', rows[0]!.poll_id)
    .where(
      'position',
      'in',
      rows.map((r) => r.choice),
    )
    .execute();
}

/** Ended polls whose notifications have not gone out yet, oldest first. */
export async function duePolls(db: Kysely<DB>, now: string, limit: number): Promise<PollRow[]> {
  return db.selectFrom('polls').selectAll().where('notified_at', 'is', null).where('expires_at', '<=', now).orderBy('expires_at').limit(limit).execute();
}

export async function votersOf(db: Kysely<DB>, pollId: string): Promise<string[]> {
  const rows = await db.selectFrom('poll_votes').select('account_id').distinct().where('poll_id', '=', pollId).execute();
  return rows.map((r) => r.account_id);
}

export async function markNotified(db: Kysely<DB>, pollId: string, now: string): Promise<void> {
  await db.updateTable('polls').set({ notified_at: now }).where('id', '=', pollId).where('notified_at', 'is', null).execute();
}
