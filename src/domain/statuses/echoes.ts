import type { Visibility } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { ForbiddenError, NotFoundError } from '../../errors.js';
import { changed } from '../../infra/versions.js';
import { nowIso } from '../time.js';
import { purge } from './deleting.js';
import type { StatusesDeps } from './deps.js';
import { getActionable, getVisibleStatus } from './status-access.js';
import { bumpAccountStatuses, bumpCounter, findEcho, findStatus, insertStatus, lockStatus, type StatusRow } from './statuses.store.js';

const VISIBILITY_ORDER: Visibility[] = ['public', 'unlisted', 'private', 'direct'];

/** Echoes (reblogs) a post; returns the echo. Followers-only and direct posts cannot be echoed. */
export async function reblogStatus(ctx: StatusesDeps, accountId: string, id: string, requested?: Visibility): Promise<StatusRow> {
  const target = await getActionable(ctx, accountId, id);
  if (target.visibility === 'private' || target.visibility === 'direct') throw new ForbiddenError('This post cannot be echoed');
  const existing = await findEcho(ctx.db, accountId, target.id);
  if (existing) return existing;
  const want = requested && requested !== 'direct' ? requested : 'public';
  const visibility = VISIBILITY_ORDER[Math.max(VISIBILITY_ORDER.indexOf(want), VISIBILITY_ORDER.indexOf(target.visibility))]!;
  const echoId = ctx.ids.next();
  const now = nowIso();
  const already = await inTransaction(ctx.db, async (trx) => {
    // Echoes of this post at once queue on its row: the first makes the echo, the others find it.
    if (!(await lockStatus(trx, target.id))) throw new NotFoundError();
    const echo = await findEcho(trx, accountId, target.id);
    if (echo) return echo;
    await insertStatus(trx, {
      id: echoId,
      account_id: accountId,
      text: '',
      content: '',
      visibility,
      sensitive: 0,
      language: null,
      in_reply_to_id: null,
      in_reply_to_account_id: null,
      reblog_of_id: target.id,
      quote_of_id: null,
      conversation_id: null,
      application_id: null,
      state: 'published',
      created_at: now,
    });
    await bumpCounter(trx, target.id, 'reblogs_count', 1);
    await bumpAccountStatuses(trx, accountId, 1, now);
    return undefined;
  });
  if (already) return already;
  await changed(ctx, { statuses: [target.id], accounts: [accountId], homes: [accountId] });
  ctx.jobs.enqueue('statuses.fanout', { statusId: echoId });
  return (await findStatus(ctx.db, echoId))!;
}

export async function unreblogStatus(ctx: StatusesDeps, accountId: string, id: string): Promise<StatusRow> {
  let target = await findStatus(ctx.db, id);
  if (!target) throw new NotFoundError();
  if (target.reblog_of_id) target = (await findStatus(ctx.db, target.reblog_of_id)) ?? target;
  const echo = await findEcho(ctx.db, accountId, target.id);
  if (echo) await purge(ctx, echo);
  return getVisibleStatus(ctx, accountId, target.id);
}
