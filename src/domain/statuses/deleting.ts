import { inTransaction } from '../../db/transaction.js';
import { NotFoundError } from '../../errors.js';
import type { Infra } from '../../infra/infra.js';
import { type ChangeDeps, changed } from '../../infra/versions.js';
import { mediaFilesOfStatus } from '../../media/media.store.js';
import { releaseFiles } from '../../media/media-files.js';
import type { MediaStorage } from '../../media/storage/storage.js';
import type { StatusesDeps } from './deps.js';
import type { DeletedStatusHooksDeps } from './hooks.js';
import { deleteActivityNotification } from './interactions.store.js';
import { getOwnStatus } from './status-access.js';
import { bumpAccountStatuses, bumpCounter, findEchoes, findStatus, lockStatus, purgeStatus, type StatusRow } from './statuses.store.js';

/** What deleting a post uses; moderation's removal reaches it through StatusLifecycle. */
export type PurgeDeps = Pick<Infra, 'db' | 'events' | 'jobs' | 'logger'> & ChangeDeps & DeletedStatusHooksDeps & { mediaStorage: MediaStorage };

/**
 * Deletes a post for good (row, text, edits, media rows, echoes, feed entries, notifications) and
 * moves the counters back. Returns the row as it was, for "delete & redraft".
 */
export async function deleteStatus(ctx: StatusesDeps, accountId: string, id: string): Promise<StatusRow> {
  const row = await getOwnStatus(ctx, accountId, id);
  // Deleted meanwhile by another request: as if this one came second.
  if (!(await purge(ctx, row))) throw new NotFoundError();
  return row;
}

/** Moderation's removal uses this too: no ownership check. False when the post was gone already. */
export async function purge(ctx: PurgeDeps, row: StatusRow): Promise<boolean> {
  const purged = await inTransaction(ctx.db, async (trx) => {
    // Under the row's lock (an echo's original first, the order every writer takes them in), so that two deletes at
    // once count down once, and no echo is made meanwhile (reblogStatus takes the same lock).
    if (row.reblog_of_id) await lockStatus(trx, row.reblog_of_id);
    if (!(await lockStatus(trx, row.id))) return undefined;
    const current = (await findStatus(trx, row.id))!;
    const echoes = current.reblog_of_id ? [] : await findEchoes(trx, current.id);
    for (const e of echoes) {
      await purgeStatus(trx, e.id);
      await bumpAccountStatuses(trx, e.account_id, -1);
    }
    if (current.state === 'published') {
      if (current.visibility !== 'direct') await bumpAccountStatuses(trx, current.account_id, -1);
      if (current.in_reply_to_id) await bumpCounter(trx, current.in_reply_to_id, 'replies_count', -1);
      if (current.quote_of_id && current.quote_state !== 'revoked') await bumpCounter(trx, current.quote_of_id, 'quotes_count', -1);
      if (current.reblog_of_id) {
        await bumpCounter(trx, current.reblog_of_id, 'reblogs_count', -1);
        await deleteActivityNotification(trx, { type: 'reblog', fromAccountId: current.account_id, statusId: current.reblog_of_id });
      }
    }
    const files = await mediaFilesOfStatus(trx, current.id);
    await purgeStatus(trx, current.id);
    return { current, echoes, files };
  });
  if (!purged) return false;
  const { current, echoes, files } = purged;
  // After the commit: a file goes only when no attachment names it any more.
  await releaseFiles(ctx, files);
  await changed(ctx, {
    statuses: [current.id, current.in_reply_to_id, current.quote_of_id, current.reblog_of_id, ...echoes.map((e) => e.id)],
    accounts: [current.account_id, ...echoes.map((e) => e.account_id)],
    // The one who echoed no longer has `reblogged` on the original.
    homes: current.reblog_of_id ? [current.account_id] : [],
  });
  for (const sid of [current.id, ...echoes.map((e) => e.id)]) await ctx.events.publish('deletes', { event: 'delete', subject: sid });
  // Its text out of SQLite's write-ahead log too (the rows themselves are zeroed: secure_delete).
  ctx.jobs.enqueue('statuses.purged', {});
  for (const hook of ctx.deletedStatusHooks) {
    try {
      await hook(current);
    } catch (err) {
      ctx.logger.error({ err, statusId: current.id }, 'deleted status hook failed');
    }
  }
  return true;
}
