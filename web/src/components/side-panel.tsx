import { useEffect, useState } from 'preact/hooks';
import { api } from '../lib/api';
import type { AccountEntity, RelationshipEntity, StatusEntity, TagEntity } from '../lib/entities';
import { t, tn } from '../lib/i18n';
import { getMe } from '../lib/session';
import { AccountRow, FollowButton } from './account';
import { DisplayName } from './common';
import { statusPath } from './status';

/** The text of a post's HTML: paragraphs and line breaks become spaces, other tags (a hashtag's link) vanish. */
function plainText(html: string): string {
  const doc = new DOMParser().parseFromString(html.replace(/<\/p>|<br\s*\/?>/gi, ' '), 'text/html');
  return (doc.body.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Reads `path` once; null until it answers (and on any error: a side panel never shows an error). */
function useOnce<T>(path: string | null): T | null {
  const [data, setData] = useState<T | null>(null);
  useEffect(() => {
    setData(null);
    if (path) api<T>(path).then(setData, () => setData(null));
  }, [path]);
  return data;
}

function SuggestedAccount(props: { account: AccountEntity }) {
  // Suggestions leave out accounts already followed or requested.
  const [rel, setRel] = useState({ id: props.account.id, following: false, requested: false } as RelationshipEntity);
  return <AccountRow account={props.account} actions={<FollowButton account={props.account} rel={rel} onChange={setRel} />} />;
}

/** People to follow (GET /api/v2/suggestions): the most followed accounts here that the reader does not follow. */
export function FollowSuggestions(props: { id: string; limit: number; headingLevel?: 2 | 3 }) {
  const list = useOnce<Array<{ account: AccountEntity }>>(getMe() ? `/api/v2/suggestions?limit=${props.limit}` : null);
  if (!list || list.length === 0) return null;
  const Heading = props.headingLevel === 3 ? 'h3' : 'h2';
  return (
    <section class="side-section" aria-labelledby={props.id}>
      <Heading id={props.id} class="side-title">
        {t('whoToFollow')}
      </Heading>
      {list.map((s) => (
        <SuggestedAccount key={s.account.id} account={s.account} />
      ))}
    </section>
  );
}

function TrendingTags() {
  const tags = useOnce<TagEntity[]>('/api/v1/trends/tags?limit=5');
  if (!tags || tags.length === 0) return null;
  return (
    <section class="side-section" aria-labelledby="trending-tags">
      <h2 id="trending-tags" class="side-title">
        {t('trendingTags')}
      </h2>
      <ul class="side-list">
        {tags.map((tag) => {
          const people = Number(tag.history[0]?.accounts ?? 0);
          return (
            <li key={tag.name}>
              <a href={`/tags/${encodeURIComponent(tag.name)}`}>#{tag.name}</a>
              {people > 0 && <span class="muted small"> {tn('peopleToday', people)}</span>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function TrendingPosts() {
  const posts = useOnce<StatusEntity[]>('/api/v1/trends/statuses?limit=3');
  if (!posts || posts.length === 0) return null;
  return (
    <section class="side-section" aria-labelledby="trending-posts">
      <h2 id="trending-posts" class="side-title">
        {t('trendingPosts')}
      </h2>
      <ul class="side-list">
        {posts.map((s) => (
          <li key={s.id}>
            <a class="side-post" href={statusPath(s)}>
              <strong>
                <DisplayName account={s.account} />
              </strong>
              <span class="side-post-text">{s.spoiler_text || plainText(s.content)}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The right column on a wide screen, as in Mastodon's web app and Elk: people to follow, then what is trending.
 * Nothing is fetched on narrower screens, where the column is not shown.
 */
export function SidePanel() {
  const [wide, setWide] = useState(() => window.matchMedia('(min-width: 1200px)').matches);
  useEffect(() => {
    const q = window.matchMedia('(min-width: 1200px)');
    const on = () => setWide(q.matches);
    q.addEventListener('change', on);
    return () => q.removeEventListener('change', on);
  }, []);
  if (!wide) return null;
  return (
    <aside class="side" aria-label={t('discover')}>
      <FollowSuggestions id="side-who-to-follow" limit={4} />
      <TrendingTags />
      <TrendingPosts />
    </aside>
  );
}
