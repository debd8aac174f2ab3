import type { Page } from '../../db/pagination.js';
import type { Infra } from '../../infra/infra.js';
import { getAccount } from '../accounts/accounts.service.js';
import { nowIso } from '../time.js';
import { familiarFollowers, pageBlocks, pageFollowers, pageFollowing, pageFollowRequests, pageMutes, suggestedAccountIds } from './relationship-lists.store.js';
import { relationshipFacts } from './relationships.service.js';

// The lists of accounts a person reads: whom they block and mute, who asks to follow them, a profile's followers
// and following, the followers they share with others, and whom to follow.

export const blockedAccounts = (ctx: Pick<Infra, 'db'>, accountId: string, page: Page) => pageBlocks(ctx.db, accountId, page);

export const mutedAccounts = (ctx: Pick<Infra, 'db'>, accountId: string, page: Page) => pageMutes(ctx.db, accountId, page, nowIso());

export const followRequesters = (ctx: Pick<Infra, 'db'>, accountId: string, page: Page) => pageFollowRequests(ctx.db, accountId, page);

export const familiarFollowersOf = (ctx: Pick<Infra, 'db'>, viewerId: string, targetIds: string[]) => familiarFollowers(ctx.db, viewerId, targetIds);

export const suggestedAccounts = (ctx: Pick<Infra, 'db'>, viewerId: string, limit: number) => suggestedAccountIds(ctx.db, viewerId, limit);

/**
 * A profile's followers or following; empty for a suspended profile, and hidden from someone the profile blocks,
 * as in Mastodon.
 */
export async function connectionsOf(ctx: Pick<Infra, 'db'>, viewerId: string | null, accountId: string, which: 'followers' | 'following', page: Page) {
  const account = await getAccount(ctx, accountId);
  if (account.suspended_at) return [];
  if (viewerId && viewerId !== accountId && (await relationshipFacts(ctx, viewerId, [accountId])).blockedBy.has(accountId)) return [];
  return which === 'followers' ? pageFollowers(ctx.db, accountId, page) : pageFollowing(ctx.db, accountId, page);
}
