import type { AccountEntity } from './account.js';
import type { StatusEntity } from './status.js';
import type { TagEntity } from './tag.js';

/** Mastodon's Search entity: https://docs.joinmastodon.org/entities/Search/ */
export interface SearchEntity {
  accounts: AccountEntity[];
  statuses: StatusEntity[];
  hashtags: TagEntity[];
}
