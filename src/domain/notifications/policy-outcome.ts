import type { Infra } from '../../infra/infra.js';
import { getNotificationPolicy, type NotificationPolicy, type PolicyAction } from './policy.service.js';
import { senderFacts } from './requests.store.js';
import type { NotificationType } from './types.js';

// Mastodon 4.3's notification policy applied (app/services/notify_service.rb, FilterCondition and DropCondition):
// only these types can be filtered or dropped; polls, edits, moderation and admin notices always arrive.
const FILTERABLE: ReadonlySet<NotificationType> = new Set(['mention', 'reblog', 'follow', 'follow_request', 'favourite', 'quote']);

const DAY = 86_400_000;
/** An account younger than this is "new" (Mastodon: 30 days). */
const NEW_ACCOUNT_MS = 30 * DAY;
/** A follower of less than this long does not count as one (Mastodon: 3 days). */
const FOLLOWER_SINCE_MS = 3 * DAY;

export interface PolicySubject {
  type: NotificationType;
  accountId: string;
  fromAccountId: string;
  statusId?: string | null;
}

/**
 * What the recipient's policy does with this notification: accept it, file it under a notification request, or
 * drop it. The strictest rule that applies wins. Staff and senders whose request was accepted always pass.
 */
export async function policyOutcome(ctx: Pick<Infra, 'db'>, n: PolicySubject, now = Date.now()): Promise<PolicyAction> {
  if (!FILTERABLE.has(n.type)) return 'accept';
  const policy = await getNotificationPolicy(ctx, n.accountId);
  if (Object.values(policy).every((a) => a === 'accept')) return 'accept';
  const f = await senderFacts(ctx.db, n.accountId, n.fromAccountId, n.type === 'mention' ? (n.statusId ?? null) : null);
  if (!f || f.staff || f.permitted) return 'accept';
  const notFollowing = !f.following;
  const applies: Record<keyof NotificationPolicy, boolean> = {
    for_not_following: notFollowing,
    for_not_followers: !f.followerSince || Date.parse(f.followerSince) > now - FOLLOWER_SINCE_MS,
    for_new_accounts: Date.parse(f.createdAt) > now - NEW_ACCOUNT_MS,
    for_private_mentions: notFollowing && f.statusVisibility === 'direct' && f.statusRepliesTo !== n.accountId,
    for_limited_accounts: notFollowing && f.limited,
  };
  let outcome: PolicyAction = 'accept';
  for (const [field, hit] of Object.entries(applies) as Array<[keyof NotificationPolicy, boolean]>) {
    if (!hit) continue;
    if (policy[field] === 'drop') return 'drop';
    if (policy[field] === 'filter') outcome = 'filter';
  }
  return outcome;
}
