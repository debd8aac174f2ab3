import { type AccountRow, findAccountsByIds } from '../accounts/accounts.store.js';
import { type EmojiMap, emojisOfAccounts } from '../custom-emojis/emoji-loader.js';
import type { StatusLoaderDeps } from '../statuses/status-loader.js';
import { type LoadedStatuses, loadStatusesByIds, type StatusLoadOptions } from '../statuses/status-loader.js';
import { parseParticipants } from './conversations.service.js';
import { type AccountConversationRow, findAccountConversation, recentDirectStatusIdsOf } from './conversations.store.js';

// A conversation is a private thread: its last post is marked by the reader's `thread` filters, and a `hide`
// match marks it rather than dropping the conversation.
const LAST_STATUS: StatusLoadOptions = { filterContext: 'thread', keepHidden: true };

/** Everything a page of one reader's conversations shows: plain data for src/api/entities/conversation.ts. */
export interface LoadedConversations {
  viewerId: string;
  rows: AccountConversationRow[];
  /** By conversation row id: who takes part besides the reader. */
  participants: Map<string, string[]>;
  accounts: Map<string, AccountRow>;
  /** The custom emojis the participants' names and bios use. */
  accountEmojis: EmojiMap;
  /** By conversation row id: the post shown as its last; a conversation without one is left out. */
  lastStatusIds: Map<string, string>;
  /** The posts the conversations show (a second set when some last posts were deleted). */
  statuses: LoadedStatuses[];
}

/**
 * The reader's conversations with their participants and last posts. When a last post is gone, the newest
 * earlier post of the thread stands in: those are read together, so the page costs a fixed number of statements.
 */
export async function loadConversations(ctx: StatusLoaderDeps, rows: AccountConversationRow[], viewerId: string): Promise<LoadedConversations> {
  const participants = new Map(rows.map((r) => [r.id, parseParticipants(r.participant_ids)]));
  const [last, accounts] = await Promise.all([
    loadStatusesByIds(
      ctx,
      rows.map((r) => r.last_status_id).filter((x): x is string => !!x),
      viewerId,
      LAST_STATUS,
    ),
    findAccountsByIds(ctx.db, [...new Set([viewerId, ...[...participants.values()].flat()])]),
  ]);
  const statuses = [last];
  const lastStatusIds = new Map<string, string>();
  const shown = new Set(last.shown.map((s) => s.id));
  const orphans: AccountConversationRow[] = [];
  for (const r of rows) {
    if (r.last_status_id && shown.has(r.last_status_id)) lastStatusIds.set(r.id, r.last_status_id);
    else orphans.push(r);
  }
  if (orphans.length > 0) {
    const recent = await recentDirectStatusIdsOf(
      ctx.db,
      orphans.map((r) => r.conversation_id),
      viewerId,
      5,
    );
    const standIns = await loadStatusesByIds(ctx, [...new Set([...recent.values()].flat())], viewerId, LAST_STATUS);
    const shownStandIns = new Set(standIns.shown.map((s) => s.id));
    for (const r of orphans) {
      const id = recent.get(r.conversation_id)?.find((x) => shownStandIns.has(x));
      if (id) lastStatusIds.set(r.id, id);
    }
    statuses.push(standIns);
  }
  const accountEmojis = await emojisOfAccounts(ctx.db, accounts);
  return { viewerId, rows, participants, accounts: new Map(accounts.map((a) => [a.id, a])), accountEmojis, lastStatusIds, statuses };
}

/** One conversation of its owner's (the streaming layer), or null. */
export async function loadConversationById(ctx: StatusLoaderDeps, viewerId: string, id: string): Promise<LoadedConversations | null> {
  const row = await findAccountConversation(ctx.db, viewerId, id);
  return row ? loadConversations(ctx, [row], viewerId) : null;
}
