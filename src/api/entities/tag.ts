import type { TagView } from '../../domain/trends/tags.service.js';
import type { EntityContext } from './entity-context.js';

/** Mastodon's Tag entity: https://docs.joinmastodon.org/entities/Tag/ */
export interface TagEntity {
  id?: string;
  name: string;
  url: string;
  history: Array<{ day: string; uses: string; accounts: string }>;
  following?: boolean;
}

export function serializeTag(ctx: EntityContext, t: TagView): TagEntity {
  const entity: TagEntity = { name: t.name, url: `${ctx.config.publicUrl}/tags/${encodeURIComponent(t.name)}`, history: t.history };
  if (t.id) entity.id = t.id;
  if (t.following !== undefined) entity.following = t.following;
  return entity;
}
