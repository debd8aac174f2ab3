import type { AppContext } from '../../context.js';
import { parseParticipants } from '../../domain/conversations/conversations.service.js';
import { type AccountConversationRow, findAccountConversation, recentDirectStatusIds } from '../../domain/conversations/conversations.store.js';
import { type AccountEntity, loadAccounts } from './account.js';
import { type SerializeOptions, type StatusEntity, serializeStatusIds } from './status.js';

/** Mastodon's Conversation entity: https://docs.joinmastodon.org/entities/Conversation/ */
export interface ConversationEntity {
  id: string;
  unread: boolean;
  accounts: AccountEntity[];
  last_status: StatusEntity | null;
}

// A conversation is a private thread: its last post is marked by the reader's `thread` filters, and a `hide`
// match marks it rather than dropping the conversation.
const LAST_STATUS: SerializeOptions = { filterContext: 'thread', keepHidden: true };

/**
 * The reader's conversations in order. The last post is shown as the reader sees it; when it was deleted,
 * the newest earlier post of the thread stands in, and a conversation with no post left is left out.
 */
export async function serializeConversations(ctx: AppContext, rows: AccountConversationRow[], viewerId: string): Promise<ConversationEntity[]> {
  if (rows.length === 0) return [];
  const participants = new Map(rows.map((r) => [r.id, parseParticipants(r.participant_ids)]));
  const [accounts, statuses] = await Promise.all([
    loadAccounts(ctx, [viewerId, ...[...participants.values()].flat()]),
    serializeStatusIds(
      ctx,
      rows.map((r) => r.last_status_id).filter((x): x is string => !!x),
      viewerId,
      LAST_STATUS,
    ),
  ]);
  const statusById = new Map(statuses.map((s) => [s.id, s]));
  const out: ConversationEntity[] = [];
  for (const r of rows) {
    let last = r.last_status_id ? (statusById.get(r.last_status_id) ?? null) : null;
    if (!last) {
      const ids = await recentDirectStatusIds(ctx.db, r.conversation_id, viewerId, 5);
      last = (await serializeStatusIds(ctx, ids, viewerId, LAST_STATUS))[0] ?? null;
      if (!last) continue;
    }
    const ids = participants.get(r.id) ?? [];
    // Mastodon lists the reader alone when they wrote only to themselves.
    const people = (ids.length > 0 ? ids : [viewerId]).map((id) => accounts.get(id)).filter((a): a is AccountEntity => !!a);
    out.push({ id: r.id, unread: r.unread === 1, accounts: people, last_status: last });
  }
  return out;
}

export async function serializeConversation(ctx: AppContext, row: AccountConversationRow, viewerId: string): Promise<ConversationEntity | null> {
  return (await serializeConversations(ctx, [row], viewerId))[0] ?? null;
}

/** One conversation for its owner (the streaming layer), or null. */
export async function serializeConversationFor(ctx: AppContext, accountConversationId: string, viewerId: string): Promise<ConversationEntity | null> {
  const row = await findAccountConversation(ctx.db, viewerId, accountConversationId);
  return row ? serializeConversation(ctx, row, viewerId) : null;
}
