import { fetchPage, type Page } from '../../db/pagination.js';
import { inTransaction } from '../../db/transaction.js';
import { ApiError, NotFoundError, ValidationError } from '../../errors.js';
import type { Infra } from '../../infra/infra.js';
import { findAccountById } from '../accounts/accounts.store.js';
import { nowIso } from '../time.js';
import type { StatusesDeps } from './deps.js';
import { mediaGone } from './post-checks.js';
import { checkNewPost, createStatus, type PostInput } from './posting.js';
import {
  claimScheduled,
  countScheduled,
  deleteOwnScheduled,
  dueScheduledIds,
  findOwnScheduled,
  insertScheduled,
  releaseMedia,
  reserveMedia,
  type ScheduledRow,
  scheduledQuery,
  updateScheduledAt,
} from './scheduled.store.js';

// Mastodon's scheduled posts: https://docs.joinmastodon.org/methods/scheduled_statuses/
// Its limits (app/models/scheduled_status.rb): 300 waiting per account, 25 on one (UTC) day, 5 minutes ahead at least.
export const SCHEDULE_LIMITS = { total: 300, daily: 25, minAheadMs: 5 * 60_000 } as const;

export interface ScheduledPost {
  id: string;
  accountId: string;
  scheduledAt: string;
  params: PostInput;
}

const toPost = (row: ScheduledRow): ScheduledPost => ({
  id: row.id,
  accountId: row.account_id,
  scheduledAt: row.scheduled_at,
  params: JSON.parse(row.params) as PostInput,
});

/** An ISO 8601 time at least 5 minutes from now, normalised to UTC; 422 naming scheduled_at otherwise. */
function checkScheduledAt(raw: string): string {
  const t = /^\d{4}-\d{2}-\d{2}/.test(raw) ? Date.parse(raw) : Number.NaN;
  if (!Number.isFinite(t)) throw new ValidationError('Validation failed: scheduled_at is not an ISO 8601 date and time', 'scheduled_at');
  if (t <= Date.now() + SCHEDULE_LIMITS.minAheadMs)
    throw new ValidationError('Validation failed: scheduled_at must be at least 5 minutes in the future', 'scheduled_at');
  return new Date(t).toISOString();
}

async function checkDailyLimit(ctx: StatusesDeps, accountId: string, scheduledAt: string, except?: string): Promise<void> {
  const from = `${scheduledAt.slice(0, 10)}T00:00:00.000Z`;
  const to = new Date(Date.parse(from) + 86_400_000).toISOString();
  if ((await countScheduled(ctx.db, accountId, { from, to }, except)) >= SCHEDULE_LIMITS.daily)
    throw new ValidationError(`Validation failed: you cannot schedule more than ${SCHEDULE_LIMITS.daily} posts on one day`, 'scheduled_at');
}

/**
 * Schedules a post: its parameters are checked now as an immediate post's are (nothing is stored but the
 * scheduled row); moderation screens it when it is published.
 */
export async function schedulePost(ctx: StatusesDeps, accountId: string, input: PostInput, scheduledAtRaw: string): Promise<ScheduledPost> {
  const scheduledAt = checkScheduledAt(scheduledAtRaw);
  await checkNewPost(ctx, accountId, input);
  if ((await countScheduled(ctx.db, accountId)) >= SCHEDULE_LIMITS.total)
    throw new ValidationError(`Validation failed: you cannot schedule more than ${SCHEDULE_LIMITS.total} posts`, 'scheduled_at');
  await checkDailyLimit(ctx, accountId, scheduledAt);
  const row: ScheduledRow = { id: ctx.ids.next(), account_id: accountId, scheduled_at: scheduledAt, params: JSON.stringify(input), created_at: nowIso() };
  await storeScheduled(ctx, row);
  return toPost(row);
}

export async function listScheduled(ctx: StatusesDeps, accountId: string, page: Page): Promise<ScheduledPost[]> {
  return (await fetchPage(scheduledQuery(ctx.db, accountId), 'id', page)).map(toPost);
}

/** One of the viewer's scheduled posts; someone else's is a 404. */
export async function getScheduled(ctx: StatusesDeps, accountId: string, id: string): Promise<ScheduledPost> {
  const row = await findOwnScheduled(ctx.db, accountId, id);
  if (!row) throw new NotFoundError();
  return toPost(row);
}

/** As Mastodon, only the time changes. */
export async function reschedule(ctx: StatusesDeps, accountId: string, id: string, scheduledAtRaw: string): Promise<ScheduledPost> {
  const current = await getScheduled(ctx, accountId, id);
  const scheduledAt = checkScheduledAt(scheduledAtRaw);
  await checkDailyLimit(ctx, accountId, scheduledAt, id);
  await updateScheduledAt(ctx.db, accountId, id, scheduledAt);
  return { ...current, scheduledAt };
}

export async function cancelScheduled(ctx: StatusesDeps, accountId: string, id: string): Promise<void> {
  const gone = await inTransaction(ctx.db, async (trx) => {
    if (!(await deleteOwnScheduled(trx, accountId, id))) return false;
    await releaseMedia(trx, id);
    return true;
  });
  if (!gone) throw new NotFoundError();
}

/** The scheduled row with its uploads reserved for it (as Mastodon), so the sweep of unposted uploads spares them. */
async function storeScheduled(ctx: StatusesDeps, row: ScheduledRow): Promise<void> {
  const mediaIds = (JSON.parse(row.params) as PostInput).mediaIds ?? [];
  await inTransaction(ctx.db, async (trx) => {
    await insertScheduled(trx, row);
    if (!(await reserveMedia(trx, row.id, row.account_id, mediaIds))) throw mediaGone();
  });
}

/**
 * Publishes every scheduled post due at `now` through createStatus (checks, screening, fan-out,
 * notifications). Each row is claimed by deleting it, so two processes running this at once publish it once.
 * A post that no longer passes the checks (reply target gone, refused by moderation) is dropped and logged,
 * as Mastodon does; an unexpected failure puts the row back for the next run. Returns how many were published.
 */
export async function publishDueScheduled(ctx: StatusesDeps, now = nowIso()): Promise<number> {
  let published = 0;
  const failed = new Set<string>();
  for (;;) {
    const due = await dueScheduledIds(ctx.db, now, 100);
    const todo = due.filter((id) => !failed.has(id));
    for (const id of todo) {
      const row = await inTransaction(ctx.db, async (trx) => {
        const claimed = await claimScheduled(trx, id);
        if (claimed) await releaseMedia(trx, id);
        return claimed;
      });
      if (!row) continue;
      const post = toPost(row);
      try {
        const author = await findAccountById(ctx.db, post.accountId);
        if (!author || author.suspended_at) {
          ctx.logger.warn({ scheduledId: id, accountId: post.accountId }, 'scheduled post dropped: its author is suspended');
          continue;
        }
        // The key makes a retry after a partial failure find the post it already made instead of making two.
        await createStatus(ctx, post.accountId, { ...post.params, idempotencyKey: `scheduled:${id}` });
        published++;
      } catch (err) {
        // A 429 or 503 may pass next time; any other answer would be the same then.
        if (err instanceof ApiError && err.status < 500 && err.status !== 429) {
          ctx.logger.warn({ scheduledId: id, accountId: post.accountId, reason: err.message }, 'scheduled post dropped: it no longer passes the checks');
          continue;
        }
        failed.add(id);
        await storeScheduled(ctx, row).catch(() => undefined);
        ctx.logger.error({ err, scheduledId: id }, 'publishing a scheduled post failed; it will be retried');
      }
    }
    if (due.length < 100 || todo.length === 0) return published;
  }
}

/** Starts the periodic check that publishes due scheduled posts (in every process: the claim keeps it to one). */
export function registerScheduled(ctx: StatusesDeps & Pick<Infra, 'onClose'>): void {
  const timer = setInterval(() => {
    publishDueScheduled(ctx).catch((err) => ctx.logger.error({ err }, 'publishing scheduled posts failed'));
  }, 15_000);
  timer.unref();
  ctx.onClose.push(async () => clearInterval(timer));
}
