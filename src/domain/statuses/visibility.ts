import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { viewerFacts } from './status-page.store.js';
import { accountStates, mentionedIn } from './status-view.store.js';
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
  if (!viewerId) return visibilityFacts(null, states, new Set(), null);
  const needMentions = rows.filter((r) => (r.visibility === 'private' || r.visibility === 'direct') && r.account_id !== viewerId).map((r) => r.id);
  const mentionedKnown = known.mentions
    ? Promise.resolve(new Set(known.mentions.filter((m) => m.id === viewerId).map((m) => m.status_id)))
    : mentionedIn(db, viewerId, needMentions);
  const [rel, mentioned] = await Promise.all([viewerFacts(db, viewerId, { authorIds: authors, statusIds: [], conversationIds: [] }), mentionedKnown]);
  return visibilityFacts(viewerId, states, mentioned, rel);
}

/** The facts from what was read already: the authors' states, the posts mentioning the viewer, their relations. */
export function visibilityFacts(
  viewerId: string | null,
  authors: NonNullable<KnownFacts['authors']>,
  mentioned: Set<string>,
  rel: Pick<VisibilityFacts, 'following' | 'blocked' | 'muted'> | null,
): VisibilityFacts {
  const suspended = new Set(authors.filter((s) => s.suspended_at).map((s) => s.id));
  const limited = new Set(authors.filter((s) => s.limited_at).map((s) => s.id));
  if (!viewerId || !rel) return { viewerId: null, following: new Set(), blocked: new Set(), muted: new Set(), mentioned: new Set(), suspended, limited };
  return { viewerId, following: rel.following, blocked: rel.blocked, muted: rel.muted, mentioned, suspended, limited };
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
