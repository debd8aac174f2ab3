import { useEffect, useState } from 'preact/hooks';
import { AccountRow } from '../components/account';
import { Empty, ErrorBox, Loading, PageTitle } from '../components/common';
import { StatusCard } from '../components/status';
import { api } from '../lib/api';
import type { SearchEntity } from '../lib/entities';
import { t } from '../lib/i18n';
import { navigate } from '../lib/router';

export function SearchScreen(props: { q: string }) {
  const [q, setQ] = useState(props.q);
  const [results, setResults] = useState<SearchEntity | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    setQ(props.q);
    if (!props.q.trim()) {
      setResults(null);
      return;
    }
    setLoading(true);
    setError(null);
    api<SearchEntity>('/api/v2/search', { query: { q: props.q, limit: 20, resolve: false } })
      .then(setResults)
      .catch(setError)
      .finally(() => setLoading(false));
  }, [props.q]);

  const submit = (e: Event) => {
    e.preventDefault();
    navigate(`/search?q=${encodeURIComponent(q.trim())}`);
  };
  const nothing = results && !results.accounts.length && !results.statuses.length && !results.hashtags.length;

  return (
    <>
      <PageTitle>{t('search')}</PageTitle>
      {/* biome-ignore lint/a11y/useSemanticElements: <search> is not yet in every supported browser */}
      <form role="search" class="search-form" onSubmit={submit}>
        <label class="sr-only" for="search-q">
          {t('searchPlaceholder')}
        </label>
        <input id="search-q" class="input" type="search" value={q} placeholder={t('searchPlaceholder')} onInput={(e) => setQ(e.currentTarget.value)} />
        <button class="btn btn-primary" type="submit">
          {t('search')}
        </button>
      </form>
      {loading && <Loading />}
      {error !== null && <ErrorBox error={error} />}
      {!props.q && <Empty title={t('searchHint')} />}
      {nothing && <Empty title={t('noResults', { q: props.q })} hint={t('noResultsHint')} />}
      {results && results.accounts.length > 0 && (
        <section aria-labelledby="res-people">
          <h2 id="res-people" class="section-title">
            {t('people')}
          </h2>
          {results.accounts.map((a) => (
            <AccountRow key={a.id} account={a} />
          ))}
        </section>
      )}
      {results && results.hashtags.length > 0 && (
        <section aria-labelledby="res-tags">
          <h2 id="res-tags" class="section-title">
            {t('hashtags')}
          </h2>
          <ul class="tag-list">
            {results.hashtags.map((h) => (
              <li key={h.name}>
                <a href={`/tags/${encodeURIComponent(h.name)}`}>#{h.name}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {results && results.statuses.length > 0 && (
        <section aria-labelledby="res-posts">
          <h2 id="res-posts" class="section-title">
            {t('posts')}
          </h2>
          {results.statuses.map((s) => (
            <StatusCard key={s.id} status={s} />
          ))}
        </section>
      )}
    </>
  );
}
