import type { DirectStatusHooksDeps } from '../statuses/hooks.js';
import { onDirectStatus } from '../statuses/hooks.js';
import { type ConversationsDeps, recordDirectStatus } from './conversations.service.js';
import { findDirectStatus } from './conversations.store.js';

/** Direct posts reach the conversations list through the statuses area's after-commit hook. */
export function registerConversations(ctx: ConversationsDeps & DirectStatusHooksDeps): void {
  onDirectStatus(ctx, async (statusId) => {
    const status = await findDirectStatus(ctx.db, statusId);
    if (status) await recordDirectStatus(ctx, status);
  });
}
