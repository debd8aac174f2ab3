import type { AppContext } from '../../context.js';
import { onDirectStatus } from '../statuses/hooks.js';
import { recordDirectStatus } from './conversations.service.js';
import { findDirectStatus } from './conversations.store.js';

/** Direct posts reach the conversations list through the statuses area's after-commit hook. */
export function registerConversations(ctx: AppContext): void {
  onDirectStatus(ctx, async (c, statusId) => {
    const status = await findDirectStatus(c.db, statusId);
    if (status) await recordDirectStatus(c, status);
  });
}
