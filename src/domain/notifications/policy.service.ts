import { inTransaction } from '../../db/transaction.js';
import { nowIso } from '../time.js';
import type { NotificationsDeps } from './notifications.service.js';
import { findNotificationPolicy, saveNotificationPolicy } from './policy.store.js';

// Mastodon 4.3's notification policy (https://docs.joinmastodon.org/entities/NotificationPolicy/): what to do with
// notifications from people one does not follow, who do not follow one, new accounts, private mentions and
// limited accounts. Stored per account; applied by policy-outcome.ts.

export const POLICY_ACTIONS = ['accept', 'filter', 'drop'] as const;
export type PolicyAction = (typeof POLICY_ACTIONS)[number];
export const POLICY_FIELDS = ['for_not_following', 'for_not_followers', 'for_new_accounts', 'for_private_mentions', 'for_limited_accounts'] as const;
export type NotificationPolicy = Record<(typeof POLICY_FIELDS)[number], PolicyAction>;

/**
 * For an account that never changed its policy, Mastodon 4.3's defaults: private mentions from strangers and
 * accounts a moderator limited are filtered, the rest accepted (Mastodon's AddNewNotificationPolicies migration;
 * https://docs.joinmastodon.org/methods/notifications/#get-policy).
 */
export const DEFAULT_NOTIFICATION_POLICY: NotificationPolicy = {
  for_not_following: 'accept',
  for_not_followers: 'accept',
  for_new_accounts: 'accept',
  for_private_mentions: 'filter',
  for_limited_accounts: 'filter',
};

const asAction = (v: string): PolicyAction => ((POLICY_ACTIONS as readonly string[]).includes(v) ? (v as PolicyAction) : 'accept');

export async function getNotificationPolicy(ctx: NotificationsDeps, accountId: string): Promise<NotificationPolicy> {
  const row = await findNotificationPolicy(ctx.db, accountId);
  if (!row) return { ...DEFAULT_NOTIFICATION_POLICY };
  return Object.fromEntries(POLICY_FIELDS.map((f) => [f, asAction(row[f])])) as NotificationPolicy;
}

/** Applies the fields given (the others keep their value) and answers the policy now in force. */
export async function updateNotificationPolicy(ctx: NotificationsDeps, accountId: string, changes: Partial<NotificationPolicy>): Promise<NotificationPolicy> {
  return inTransaction(ctx.db, async (trx) => {
    const row = await findNotificationPolicy(trx, accountId);
    const current = row ? (Object.fromEntries(POLICY_FIELDS.map((f) => [f, asAction(row[f])])) as NotificationPolicy) : DEFAULT_NOTIFICATION_POLICY;
    const next = { ...current, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) } as NotificationPolicy;
    await saveNotificationPolicy(trx, accountId, next, nowIso());
    return next;
  });
}
