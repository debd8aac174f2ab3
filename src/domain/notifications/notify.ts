import type { AppContext } from '../../context.js';
import { nowIso } from '../time.js';

export type NotificationType = 'mention' | 'status' | 'reblog' | 'follow' | 'follow_request' | 'favourite' | 'poll' | 'update' | 'quote' | 'quoted_update' | 'admin.sign_up' | 'admin.report' | 'moderation_warning';

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
 * actions, nor of anything from an account they block or mute (with notifications hidden).
 * Call it after the triggering write has committed.
 */
export async function createNotification(ctx: AppContext, n: NewNotification): Promise<string | null> {
  if (n.accountId === n.fromAccountId) return null;
  const silenced = await ctx.db
    .selectFrom('blocks')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('account_id', '=', n.accountId), eb('target_account_id', '=', n.fromAccountId)]),
        eb.and([eb('account_id', '=', n.fromAccountId), eb('target_account_id', '=', n.accountId)]),
      ]),
    )
    .unionAll(
      ctx.db
        .selectFrom('mutes')
        .select('id')
        .where('account_id', '=', n.accountId)
        .where('target_account_id', '=', n.fromAccountId)
        .where('hide_notifications', '=', 1),
    )
    .executeTakeFirst();
  if (silenced) return null;
  const id = ctx.ids.next();
  await ctx.db
    .insertInto('notifications')
    .values({ id, account_id: n.accountId, from_account_id: n.fromAccountId, type: n.type, status_id: n.statusId ?? null, created_at: nowIso() })
    .execute();
  await ctx.events.publish(`user:${n.accountId}`, { event: 'notification', subject: id, accountId: n.accountId });
  return id;
}
