import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { accountStates, mentionedIn, relationsWith } from './status-view.store.js';
import type { StatusRow } from './statuses.store.js';

/** What decides whether one viewer may see a set of posts, loaded in a few queries. */
export interface VisibilityFacts {
  viewerId: string | null;
  following: Set<string>;
  blocked: Set<string>;
  muted: Set<string>;
  mentioned: Set<string>;
  suspended: Set<string>;
  limited: Set<string>;
}

export async function loadVisibilityFacts(db: Kysely<DB>, viewerId: string | null, rows: StatusRow[]): Promise<VisibilityFacts> {
  const authors = [...new Set(rows.map((r) => r.account_id))];
  const states = await accountStates(db, authors);
  const suspended = new Set(states.filter((s) => s.suspended_at).map((s) => s.id));
  const limited = new Set(states.filter((s) => s.limited_at).map((s) => s.id));
  if (!viewerId) return { viewerId, following: new Set(), blocked: new Set(), muted: new Set(), mentioned: new Set(), suspended, limited };
  const needMentions = rows.filter((r) => (r.visibility === 'private' || r.visibility === 'direct') && r.account_id !== viewerId).map((r) => r.id);
  const [rel, mentioned] = await Promise.all([relationsWith(db, viewerId, authors), mentionedIn(db, viewerId, needMentions)]);
  return { viewerId, ...rel, mentioned, suspended, limited };
}

/**
 * Mastodon's visibility rules plus Tribune's: posts not yet published are their author's alone,
 * suspended authors' posts are gone, and blocks in either direction hide posts.
 */
export function canSee(facts: VisibilityFacts, s: StatusRow): boolean {
  if (facts.suspended.has(s.account_id)) return false;
  if (facts.viewerId && s.account_id === facts.viewerId) return true;
  if (s.state !== 'published') return false;
  if (facts.viewerId && facts.blocked.has(s.account_id)) return false;
  switch (s.visibility) {
    case 'public':
    case 'unlisted':
      return true;
    case 'private':
      return !!facts.viewerId && (facts.following.has(s.account_id) || facts.mentioned.has(s.id));
    case 'direct':
      return !!facts.viewerId && facts.mentioned.has(s.id);
    default:
      return false;
  }
}
