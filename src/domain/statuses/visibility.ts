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

/**
 * Facts already read by the caller, so they are not read twice: the authors' rows (at least `id`, `suspended_at`,
 * `limited_at`), and every mention in `rows`.
 */
export interface KnownFacts {
  authors?: Array<{ id: string; suspended_at: string | null; limited_at: string | null }>;
  mentions?: Array<{ status_id: string; id: string }>;
}

export async function loadVisibilityFacts(db: Kysely<DB>, viewerId: string | null, rows: StatusRow[], known: KnownFacts = {}): Promise<VisibilityFacts> {
  const authors = [...new Set(rows.map((r) => r.account_id))];
  const states = known.authors ?? (await accountStates(db, authors));
  const suspended = new Set(states.filter((s) => s.suspended_at).map((s) => s.id));
  const limited = new Set(states.filter((s) => s.limited_at).map((s) => s.id));
  if (!viewerId) return { viewerId, following: new Set(), blocked: new Set(), muted: new Set(), mentioned: new Set(), suspended, limited };
  const needMentions = rows.filter((r) => (r.visibility === 'private' || r.visibility === 'direct') && r.account_id !== viewerId).map((r) => r.id);
  const mentionedKnown = known.mentions
    ? Promise.resolve(new Set(known.mentions.filter((m) => m.id === viewerId).map((m) => m.status_id)))
    : mentionedIn(db, viewerId, needMentions);
  const [rel, mentioned] = await Promise.all([relationsWith(db, viewerId, authors), mentionedKnown]);
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
