import { inTransaction } from '../../db/transaction.js';
import { type ChangeDeps, changed } from '../../infra/versions.js';
import { removeAuthorFromFeed } from '../timelines/feed.store.js';
import { deleteFollowRequestsInvolving, followsInvolving } from './account-gone.store.js';
import { deleteFollow } from './relationships.store.js';

/**
 * An account deleted on its own server: every follow it was in (and request) ends here, counted down on both
 * sides, and its posts leave its followers' homes. Nothing is sent back: there is nobody to tell.
 */
export async function endFollowsOfGoneAccount(ctx: ChangeDeps, accountId: string): Promise<void> {
  const pairs = await inTransaction(ctx.db, async (trx) => {
    const found = await followsInvolving(trx, accountId);
    for (const p of found) await deleteFollow(trx, p.account_id, p.target_account_id);
    await deleteFollowRequestsInvolving(trx, accountId);
    return found;
  });
  for (const p of pairs) await removeAuthorFromFeed(ctx.db, p.account_id, p.target_account_id);
  const touched = new Set(pairs.flatMap((p) => [p.account_id, p.target_account_id]));
  await changed(ctx, { accounts: [...touched], homes: [...touched] });
}
