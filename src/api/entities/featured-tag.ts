import type { FeaturedTagRow } from '../../domain/featured-tags/featured-tags.store.js';
import type { EntityContext } from './entity-context.js';

/** Mastodon's FeaturedTag: https://docs.joinmastodon.org/entities/FeaturedTag/ (count as a string, last use as a date). */
export function serializeFeaturedTag(ctx: EntityContext, username: string, r: FeaturedTagRow) {
  return {
    id: r.id,
    name: r.display_name || r.name,
    url: `${ctx.config.publicUrl}/@${username}/tagged/${encodeURIComponent(r.name)}`,
    statuses_count: String(r.statuses_count),
    last_status_at: r.last_status_at ? r.last_status_at.slice(0, 10) : null,
  };
}
