import { inTransaction } from '../../db/transaction.js';
import { changed } from '../../infra/versions.js';
import type { StatusLifecycle } from '../../moderation/publication.js';
import { nowIso } from '../time.js';
import { type PurgeDeps, purge } from './deleting.js';
import { applyPublishedCounters } from './posting.js';
import { findStatus, updateStatusFields, wasFannedOut } from './statuses.store.js';

/** What releasing and deleting posts use. */
export type LifecycleDeps = PurgeDeps;

/**
 * For the moderation area: a held ('pending') post was approved. It becomes published, the counters it
 * affects move, and it is fanned out (homes, notifications, streams) as a new post would be.
 */
export async function publishHeldStatus(ctx: LifecycleDeps, statusId: string): Promise<void> {
  const row = await findStatus(ctx.db, statusId);
  if (!row || row.state === 'published') return;
  // A post fanned out before always sits in its author's home feed; one held from the start does not.
  const wasNew = !(await wasFannedOut(ctx.db, row.account_id, statusId));
  await inTransaction(ctx.db, async (trx) => {
    await updateStatusFields(trx, statusId, { state: 'published' });
    if (wasNew)
      await applyPublishedCounters(trx, {
        id: row.id,
        accountId: row.account_id,
        visibility: row.visibility,
        parentId: row.in_reply_to_id,
        quoteOfId: row.quote_of_id,
        now: nowIso(),
      });
  });
  await changed(ctx, { statuses: [row.id, row.in_reply_to_id, row.quote_of_id], accounts: [row.account_id] });
  ctx.jobs.enqueue(wasNew ? 'statuses.fanout' : 'statuses.edited', { statusId });
  ctx.jobs.enqueue('statuses.card', { statusId });
}

/** The statuses area's side of moderation's port: releasing a held post and deleting one. */
export function createStatusLifecycle(ctx: LifecycleDeps): StatusLifecycle {
  return { publishHeld: (statusId) => publishHeldStatus(ctx, statusId), purge: (row) => purge(ctx, row) };
}
