import type { Page } from '../../db/pagination.js';
import { inTransaction } from '../../db/transaction.js';
import { NotFoundError } from '../../errors.js';
import type { Infra } from '../../infra/infra.js';
import { nowIso } from '../time.js';
import {
  type AccountConversationRow,
  accountsSilencing,
  type DirectStatusRow,
  deleteAccountConversation,
  ensureConversation,
  findAccountConversation,
  findAccountConversationsByConversation,
  findMentionedAccountIds,
  insertAccountConversation,
  listAccountConversations,
  markAccountConversationRead,
  updateAccountConversation,
} from './conversations.store.js';

export type ConversationsDeps = Pick<Infra, 'db' | 'ids' | 'events'>;

/**
 * After a direct post commits: its author and everyone it mentions get their conversation row created or
 * moved to the top (unread for the recipients), and each is told on `direct:<accountId>`.
 * A recipient who blocks the author (or is blocked, or mutes them) gets nothing, as with notifications;
 * a post held for review only updates its author's row.
 */
export async function recordDirectStatus(ctx: ConversationsDeps, status: DirectStatusRow): Promise<void> {
  if (status.visibility !== 'direct') return;
  const now = nowIso();
  const mentioned = (await findMentionedAccountIds(ctx.db, status.id)).filter((id) => id !== status.account_id);
  const participants = [status.account_id, ...new Set(mentioned)];
  const published = (status.state ?? 'published') === 'published';
  const silencing = published ? await accountsSilencing(ctx.db, status.account_id, mentioned, now) : new Set<string>();
  const recipients = published ? mentioned.filter((id) => !silencing.has(id)) : [];
  const conversationId = status.conversation_id ?? status.id;
  const touched: Array<{ accountId: string; id: string }> = [];

  await inTransaction(ctx.db, async (trx) => {
    touched.length = 0; // a retried attempt starts again
    await ensureConversation(trx, conversationId, now);
    for (const accountId of [status.account_id, ...recipients]) {
      const others = participants.filter((id) => id !== accountId);
      const unread = accountId === status.account_id ? 0 : 1;
      const id = ctx.ids.next();
      const row = {
        id,
        account_id: accountId,
        conversation_id: conversationId,
        participant_ids: JSON.stringify([...others].sort()),
        last_status_id: status.id,
        unread,
      };
      // Insert first: a concurrent post of the same thread may have created the row meanwhile.
      if (await insertAccountConversation(trx, row)) {
        touched.push({ accountId, id });
        continue;
      }
      const [existing] = await findAccountConversationsByConversation(trx, conversationId, [accountId]);
      if (!existing) continue;
      const merged = [...new Set([...parseParticipants(existing.participant_ids), ...others])].sort();
      const newer = existing.last_status_id === null || BigInt(existing.last_status_id) < BigInt(status.id);
      await updateAccountConversation(trx, existing.id, {
        participant_ids: JSON.stringify(merged),
        last_status_id: newer ? status.id : existing.last_status_id,
        unread: newer ? unread : existing.unread,
      });
      touched.push({ accountId, id: existing.id });
    }
  });

  for (const t of touched) await ctx.events.publish(`direct:${t.accountId}`, { event: 'conversation', subject: t.id, accountId: t.accountId });
}

export function parseParticipants(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

export async function listConversationsFor(ctx: ConversationsDeps, accountId: string, page: Page): Promise<AccountConversationRow[]> {
  return listAccountConversations(ctx.db, accountId, page);
}

export async function getConversationFor(ctx: ConversationsDeps, accountId: string, id: string): Promise<AccountConversationRow> {
  const row = await findAccountConversation(ctx.db, accountId, id);
  if (!row) throw new NotFoundError();
  return row;
}

/** Removes the conversation from the reader's list (the posts stay). */
export async function removeConversation(ctx: ConversationsDeps, accountId: string, id: string): Promise<void> {
  if ((await deleteAccountConversation(ctx.db, accountId, id)) === 0) throw new NotFoundError();
}

export async function markConversationRead(ctx: ConversationsDeps, accountId: string, id: string): Promise<AccountConversationRow> {
  await getConversationFor(ctx, accountId, id);
  await markAccountConversationRead(ctx.db, accountId, id);
  return getConversationFor(ctx, accountId, id);
}
