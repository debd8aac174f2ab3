import type { Infra } from '../../infra/infra.js';
import { countFollowRequests } from '../relationships/relationships.store.js';
import { getAccount } from './accounts.service.js';
import { type AccountRow, findAccountByUsername, findAccountsByIds, findUserByAccountId, searchAccountsByPrefix } from './accounts.store.js';

// Reads of accounts for the API: the signed-in person's own view, several by id, a search, a name.

/** What verify_credentials shows of oneself beyond the public profile: role, posting defaults, pending requests. */
export async function credentialFacts(ctx: Pick<Infra, 'db'>, accountId: string) {
  const [account, user, followRequests] = await Promise.all([
    getAccount(ctx, accountId),
    findUserByAccountId(ctx.db, accountId),
    countFollowRequests(ctx.db, accountId),
  ]);
  return {
    account,
    role: user?.role ?? 'user',
    privacy: user?.default_privacy ?? 'public',
    sensitive: user?.default_sensitive === 1,
    language: user?.default_language ?? null,
    followRequestsCount: followRequests,
  };
}

/** The accounts of `ids` that exist, in the order asked, each once. */
export async function accountsByIds(ctx: Pick<Infra, 'db'>, ids: string[]): Promise<AccountRow[]> {
  const unique = [...new Set(ids)];
  const byId = new Map((await findAccountsByIds(ctx.db, unique)).map((r) => [r.id, r]));
  return unique.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

/** Accounts whose name starts with `q` (`@alice`, `alice@domain` and `alice` alike); only followed ones with `followerId`. */
export async function searchAccounts(ctx: Pick<Infra, 'db'>, q: string, opts: { limit: number; offset: number; followerId?: string }): Promise<AccountRow[]> {
  const prefix = q.trim().replace(/^@/, '').split('@')[0] ?? '';
  if (!prefix) return [];
  return searchAccountsByPrefix(ctx.db, prefix, opts);
}

/** A local account by its username (WebFinger), or undefined; a suspended account is not found. */
export async function accountByUsername(ctx: Pick<Infra, 'db'>, username: string): Promise<AccountRow | undefined> {
  const account = await findAccountByUsername(ctx.db, username);
  return account && !account.suspended_at ? account : undefined;
}
