import type { Infra } from '../../infra/infra.js';
import { normalizeTag } from '../text/tokenize.js';
import type { RemoteLookupDeps } from './remote-lookup.js';
import { findAccountIdByUsername, findRemoteByUrl, searchAccountIds, searchStatusIds, searchTags } from './search.store.js';

export interface SearchInput {
  q: string;
  type?: 'accounts' | 'hashtags' | 'statuses';
  resolve: boolean;
  following: boolean;
  accountId?: string;
  limit: number;
  offset: number;
}

export interface SearchResult {
  accountIds: string[];
  statusIds: string[];
  tags: Array<{ id: string | null; name: string }>;
}

/** Mastodon's v2 search over local data: accounts and hashtags by prefix, posts by full text. */
export async function search(
  ctx: Pick<Infra, 'db' | 'dialect' | 'config'> & RemoteLookupDeps,
  viewerId: string | null,
  input: SearchInput,
): Promise<SearchResult> {
  const q = input.q.trim();
  const result: SearchResult = { accountIds: [], statusIds: [], tags: [] };
  if (q === '') return result;
  const want = (t: SearchInput['type']) => !input.type || input.type === t;

  // A local URL resolves to its post or account.
  const local = parseLocalUrl(ctx.config.publicUrl, q);
  if (local) {
    if (local.statusId && want('statuses')) result.statusIds = [local.statusId];
    else if (!local.statusId && want('accounts')) {
      const id = await findAccountIdByUsername(ctx.db, local.username);
      if (id) result.accountIds = [id];
    }
    return result;
  }

  // Another server's post or account by URL: stored already, or fetched when a signed-in reader asks to resolve.
  if (/^https?:\/\/\S+$/i.test(q)) {
    const found = (await findRemoteByUrl(ctx.db, q)) ?? (input.resolve && viewerId && input.offset === 0 ? await ctx.federation.resolveUrl(q) : null);
    if (found && 'statusId' in found && want('statuses')) result.statusIds = [found.statusId];
    if (found && 'accountId' in found && want('accounts')) result.accountIds = [found.accountId];
    return result;
  }

  if (want('accounts')) {
    const handle = q.replace(/^@/, '');
    const [username, domain] = handle.split('@');
    if (username && (!domain || domain.toLowerCase() === ctx.config.domain.toLowerCase()))
      result.accountIds = await searchAccountIds(ctx.db, username, { viewerId, following: input.following, limit: input.limit, offset: input.offset });
    else if (username && domain && input.offset === 0) {
      // Another server's account: known here already, or looked up through WebFinger when a signed-in reader asks to resolve.
      const id =
        (await findAccountIdByUsername(ctx.db, `${username}@${domain}`)) ??
        (input.resolve && viewerId ? await ctx.federation.resolveAccount(username, domain) : null);
      if (id) result.accountIds = [id];
    }
  }
  if (want('hashtags')) {
    const name = normalizeTag(q.replace(/^#/, ''));
    if (/^[\p{L}\p{N}_\p{M}]+$/u.test(name)) {
      const rows = await searchTags(ctx.db, name, input.limit, input.offset);
      result.tags = rows.map((r) => ({ id: r.id, name: r.name }));
    }
  }
  // Mastodon leaves an offset into posts to signed-in users.
  if (want('statuses') && (viewerId || input.offset === 0)) {
    result.statusIds = await searchStatusIds(ctx.db, ctx.dialect, q, { viewerId, accountId: input.accountId, limit: input.limit, offset: input.offset });
  }
  return result;
}

function parseLocalUrl(publicUrl: string, q: string): { username: string; statusId?: string } | null {
  if (!q.startsWith(`${publicUrl}/`)) return null;
  const m = /^\/@([A-Za-z0-9_]{1,30})(?:\/([0-9]{1,19}))?\/?$/.exec(q.slice(publicUrl.length));
  return m ? { username: m[1]!, statusId: m[2] } : null;
}
