import type { AppContext } from '../../context.js';
import type { SearchResult } from '../../domain/search/search.service.js';
import { tagViews } from '../../domain/trends/tags.service.js';
import { type AccountEntity, loadAccounts } from './account.js';
import { type StatusEntity, serializeStatusIds } from './status.js';
import { serializeTag, type TagEntity } from './tag.js';

/** Mastodon's Search entity: https://docs.joinmastodon.org/entities/Search/ */
export interface SearchEntity {
  accounts: AccountEntity[];
  statuses: StatusEntity[];
  hashtags: TagEntity[];
}

export async function serializeSearch(ctx: AppContext, r: SearchResult, viewerId: string | null): Promise<SearchEntity> {
  const [accounts, statuses, tags] = await Promise.all([
    loadAccounts(ctx, r.accountIds),
    serializeStatusIds(ctx, r.statusIds, viewerId),
    tagViews(ctx, r.tags, viewerId),
  ]);
  return {
    accounts: r.accountIds.flatMap((id) => (accounts.has(id) ? [accounts.get(id)!] : [])),
    statuses,
    hashtags: tags.map((t) => serializeTag(ctx, t)),
  };
}
