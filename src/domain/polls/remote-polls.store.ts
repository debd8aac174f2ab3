import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

// SQL of polls across servers: a remote post's poll with the counts its server gave, and a remote account's vote.

export interface RemotePollRow {
  options: Array<{ title: string; votes: number }>;
  multiple: boolean;
  expiresAt: string;
  votersCount: number;
}

export async function insertRemotePoll(db: Transaction<DB>, id: string, statusId: string, accountId: string, p: RemotePollRow, now: string): Promise<void> {
  const votes = p.options.reduce((n, o) => n + o.votes, 0);
  await db
    .insertInto('polls')
    .values({
      id,
      status_id: statusId,
      account_id: accountId,
      multiple: p.multiple ? 1 : 0,
      hide_totals: 0,
      votes_count: votes,
      voters_count: p.votersCount,
      expires_at: p.expiresAt,
      notified_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db
    .insertInto('poll_options')
    .values(p.options.map((o, position) => ({ poll_id: id, position, title: o.title, votes_count: o.votes })))
    .execute();
}

/** The choices an account has made in a poll. */
export async function choicesOf(db: Transaction<DB>, pollId: string, accountId: string): Promise<number[]> {
  const rows = await db.selectFrom('poll_votes').select('choice').where('poll_id', '=', pollId).where('account_id', '=', accountId).execute();
  return rows.map((r) => r.choice);
}

/** One more vote (and one more voter, when it is the account's first): false when the poll has ended. */
export async function countVote(db: Transaction<DB>, pollId: string, firstOfVoter: boolean, now: string): Promise<boolean> {
  const r = await db
    .updateTable('polls')
    .set({ votes_count: sql<number>`votes_count + 1`, ...(firstOfVoter ? { voters_count: sql<number>`voters_count + 1` } : {}) })
    .where('id', '=', pollId)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
