import type { SearchResult } from '../../domain/search/search.service.js';
import { tagViews } from '../../domain/trends/tags.service.js';
import type { SearchEntity } from '../entities/search.js';
import { serializeTag } from '../entities/tag.js';
import { loadAccounts } from './accounts.js';
import type { RenderDeps } from './statuses.js';
import { renderStatusIds } from './statuses.js';

/** What a search found, as Mastodon's Search: accounts and posts in the order found, posts the viewer may see. */
export async function renderSearch(ctx: RenderDeps, r: SearchResult, viewerId: string | null): Promise<SearchEntity> {
  const [accounts, statuses, tags] = await Promise.all([
    loadAccounts(ctx, r.accountIds),
    renderStatusIds(ctx, r.statusIds, viewerId),
    tagViews(ctx, r.tags, viewerId),
  ]);
  return {
    accounts: r.accountIds.flatMap((id) => (accounts.has(id) ? [accounts.get(id)!] : [])),
    statuses,
    hashtags: tags.map((t) => serializeTag(ctx, t)),
  };
}
