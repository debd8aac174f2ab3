import type { LoadedConversations } from '../../domain/conversations/conversation-loader.js';
import { type AccountEntity, serializeAccount } from './account.js';
import type { EntityContext } from './entity-context.js';
import { type StatusEntity, serializeStatuses } from './status.js';

/** Mastodon's Conversation entity: https://docs.joinmastodon.org/entities/Conversation/ */
export interface ConversationEntity {
  id: string;
  unread: boolean;
  accounts: AccountEntity[];
  last_status: StatusEntity | null;
}

/** The reader's conversations in order; one with no post left to show is left out. */
export function serializeConversations(ctx: EntityContext, loaded: LoadedConversations): ConversationEntity[] {
  const statuses = new Map(loaded.statuses.flatMap((l) => serializeStatuses(ctx, l)).map((s) => [s.id, s]));
  const accounts = new Map<string, AccountEntity>();
  for (const [id, row] of loaded.accounts) accounts.set(id, serializeAccount(ctx, row, loaded.accountEmojis));
  const out: ConversationEntity[] = [];
  for (const r of loaded.rows) {
    const lastId = loaded.lastStatusIds.get(r.id);
    const last = lastId ? statuses.get(lastId) : undefined;
    if (!last) continue;
    const ids = loaded.participants.get(r.id) ?? [];
    // Mastodon lists the reader alone when they wrote only to themselves.
    const people = (ids.length > 0 ? ids : [loaded.viewerId]).map((id) => accounts.get(id)).filter((a): a is AccountEntity => !!a);
    out.push({ id: r.id, unread: r.unread === 1, accounts: people, last_status: last });
  }
  return out;
}
