import type { ListRow } from '../../domain/lists/lists.service.js';

/** Mastodon's List entity: https://docs.joinmastodon.org/entities/List/ */
export interface ListEntity {
  id: string;
  title: string;
  replies_policy: 'followed' | 'list' | 'none';
  exclusive: boolean;
}

export function serializeList(l: ListRow): ListEntity {
  return { id: l.id, title: l.title, replies_policy: l.replies_policy, exclusive: l.exclusive === 1 };
}
