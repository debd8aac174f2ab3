import { type Kysely, type Selectable, sql } from 'kysely';
import type { Page } from '../../db/pagination.js';
import type { AccountConversationsTable, DB } from '../../db/schema.js';
import { accountsApartFrom } from '../../db/shunning.js';

export type AccountConversationRow = Selectable<AccountConversationsTable>;

export interface DirectStatusRow {
  id: string;
  account_id: string;
  visibility: string;
  conversation_id: string | null;
  state?: string;
}

export async function ensureConversation(db: Kysely<DB>, id: string, createdAt: string): Promise<void> {
  await db
    .insertInto('conversations')
    .values({ id, created_at: createdAt })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export async function findAccountConversationsByConversation(db: Kysely<DB>, conversationId: string, accountIds: string[]): Promise<AccountConversationRow[]> {
  if (accountIds.length === 0) return [];
  return db.selectFrom('account_conversations').selectAll().where('conversation_id', '=', conversationId).where('account_id', 'in', accountIds).execute();
}

/** Inserts the row unless the account already has one for this conversation; true when inserted. */
export async function insertAccountConversation(db: Kysely<DB>, row: AccountConversationRow): Promise<boolean> {
  const res = await db
    .insertInto('account_conversations')
    .values(row)
    .onConflict((oc) => oc.columns(['account_id', 'conversation_id']).doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function updateAccountConversation(
  db: Kysely<DB>,
  id: string,
  changes: { participant_ids: string; last_status_id: string | null; unread: number },
): Promise<void> {
  await db.updateTable('account_conversations').set(changes).where('id', '=', id).execute();
}

/** Someone's conversations, most recently active first; pages are keyed on the last post's id, as in Mastodon. */
export async function listAccountConversations(db: Kysely<DB>, accountId: string, page: Page): Promise<AccountConversationRow[]> {
  let q = db.selectFrom('account_conversations').selectAll().where('account_id', '=', accountId).where('last_status_id', 'is not', null);
  if (page.max_id) q = q.where('last_status_id', '<', page.max_id);
  if (page.since_id) q = q.where('last_status_id', '>', page.since_id);
  if (page.min_id) {
    const rows = await q.where('last_status_id', '>', page.min_id).orderBy('last_status_id', 'asc').limit(page.limit).execute();
    return rows.reverse();
  }
  return q.orderBy('last_status_id', 'desc').limit(page.limit).execute();
}

export async function findAccountConversation(db: Kysely<DB>, accountId: string, id: string): Promise<AccountConversationRow | undefined> {
  return db.selectFrom('account_conversations').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
}

export async function deleteAccountConversation(db: Kysely<DB>, accountId: string, id: string): Promise<number> {
  const res = await db.deleteFrom('account_conversations').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows);
}

export async function markAccountConversationRead(db: Kysely<DB>, accountId: string, id: string): Promise<void> {
  await db.updateTable('account_conversations').set({ unread: 0 }).where('account_id', '=', accountId).where('id', '=', id).execute();
}

export async function findDirectStatus(db: Kysely<DB>, id: string): Promise<DirectStatusRow | undefined> {
  return db.selectFrom('statuses').select(['id', 'account_id', 'visibility', 'conversation_id', 'state']).where('id', '=', id).executeTakeFirst();
}

export async function findMentionedAccountIds(db: Kysely<DB>, statusId: string): Promise<string[]> {
  const rows = await db.selectFrom('mentions').select('account_id').where('status_id', '=', statusId).execute();
  return rows.map((r) => r.account_id);
}

/** Of `accountIds`, those who block `authorId`, are blocked by it, or mute it with notifications hidden. */
export async function accountsSilencing(db: Kysely<DB>, authorId: string, accountIds: string[], now: string): Promise<Set<string>> {
  return accountsApartFrom(db, authorId, accountIds, { now, onlyHidingNotifications: true });
}

/**
 * Recent direct posts of each thread that `viewerId` wrote or was mentioned in, newest first (to replace a deleted
 * last post): `limit` per thread, in one statement.
 */
export async function recentDirectStatusIdsOf(db: Kysely<DB>, conversationIds: string[], viewerId: string, limit: number): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const unique = [...new Set(conversationIds)];
  if (unique.length === 0) return out;
  const branch = (conversationId: string, i: number) =>
    db
      .selectFrom(
        db
          .selectFrom('statuses as s')
          .select(['s.id', sql<number>`${sql.lit(i)}`.as('ask')])
          .where('s.conversation_id', '=', conversationId)
          .where('s.visibility', '=', 'direct')
          .where('s.state', '=', 'published')
          .where((eb) =>
            eb.or([
              eb('s.account_id', '=', viewerId),
              eb.exists(eb.selectFrom('mentions as m').select('m.account_id').whereRef('m.status_id', '=', 's.id').where('m.account_id', '=', viewerId)),
            ]),
          )
          .orderBy('s.id', 'desc')
          .limit(limit)
          .as(`c${i}`),
      )
      .selectAll();
  let q = branch(unique[0]!, 0);
  for (let i = 1; i < unique.length; i++) q = q.unionAll(branch(unique[i]!, i));
  // UNION ALL keeps no order: each conversation's ids are sorted again, newest first.
  for (const r of await q.execute()) {
    const id = unique[Number(r.ask)]!;
    out.set(id, [...(out.get(id) ?? []), r.id]);
  }
  for (const ids of out.values()) ids.sort((a, b) => (BigInt(a) < BigInt(b) ? 1 : BigInt(a) > BigInt(b) ? -1 : 0));
  return out;
}
