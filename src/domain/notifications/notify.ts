import { inTransaction } from '../../db/transaction.js';
import type { Infra } from '../../infra/infra.js';
import { nowIso } from '../time.js';
import { insertNotification, isSilenced } from './notifications.store.js';
import { policyOutcome } from './policy-outcome.js';
import { upsertRequest } from './requests.store.js';
import { type NotificationType, OPT_IN_NOTIFICATION_TYPES } from './types.js';

/** What recording a notification uses. */
export type NotifyDeps = Pick<Infra, 'db' | 'ids' | 'events' | 'jobs'>;

export interface NewNotification {
  type: NotificationType;
  /** Who is notified. */
  accountId: string;
  /** Who caused it. */
  fromAccountId: string;
  statusId?: string | null;
}

/**
 * Records a notification and announces it to the recipient's streams. Nobody is notified of their own
 * actions, nor of anything from an account they block or mute (with notifications hidden), moderation
 * warnings excepted. The recipient's notification policy may drop it, or file it under a notification request
 * (stored, out of the list, no stream event and no push). Mentions, new posts, echoes, quotes and favourites are recorded once per recipient,
 * sender and post (a retried job is harmless); null when nothing was recorded.
 * Call it after the triggering write has committed.
 */
export async function createNotification(ctx: NotifyDeps, n: NewNotification): Promise<string | null> {
  // The one exception: the author of a poll hears that it ended (Mastodon's `poll` type).
  // So is Tribune's notice that one's archive is ready.
  if (n.accountId === n.fromAccountId && n.type !== 'poll' && n.type !== 'tribune.archive_ready') return null;
  const now = nowIso();
  // A moderation warning is about the recipient's own account: blocking the moderator must not hide it.
  if (n.type !== 'moderation_warning' && (await isSilenced(ctx.db, n.accountId, n.fromAccountId, now))) return null;
  const outcome = await policyOutcome(ctx, n);
  if (outcome === 'drop') return null;
  const id = ctx.ids.next();
  const row = { id, account_id: n.accountId, from_account_id: n.fromAccountId, type: n.type, status_id: n.statusId ?? null, created_at: now };
  if (outcome === 'filter') {
    return inTransaction(ctx.db, async (trx) => {
      if (!(await insertNotification(trx, { ...row, filtered: 1 }))) return null;
      await upsertRequest(trx, { id: ctx.ids.next(), accountId: n.accountId, fromAccountId: n.fromAccountId, statusId: n.statusId ?? null, now });
      return id;
    });
  }
  const inserted = await insertNotification(ctx.db, { ...row, filtered: 0 });
  // Already notified (a retried fan-out job): no second event, no second push.
  if (!inserted) return null;
  // Tribune's own types reach only clients that ask for them by name: no stream event, no push.
  if (OPT_IN_NOTIFICATION_TYPES.includes(n.type)) return id;
  await ctx.events.publish(`user:${n.accountId}`, { event: 'notification', subject: id, accountId: n.accountId });
  // Web Push (src/web/push): one job per notification, so one process delivers it even with several.
  ctx.jobs.enqueue('web.push.deliver', { notificationId: id });
  return id;
}
