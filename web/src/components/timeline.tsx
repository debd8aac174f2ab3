import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, page } from '../lib/api';
import type { StatusEntity } from '../lib/entities';
import { getLang, t } from '../lib/i18n';
import { listen } from '../lib/stream';
import { onStatusChange, setUi } from '../lib/ui-state';
import { Empty, ErrorBox, Loading } from './common';
import { StatusCard } from './status';

interface ListProps<T> {
  /** First page: a path with its query. */
  source: string;
  render: (item: T, remove: (id: string) => void) => ComponentChildren;
  empty: { title: string; hint?: ComponentChildren };
  label: string;
  /** Saved in localStorage (with the time it was loaded) and shown, read-only, when offline. */
  cacheKey?: string;
  /** Live items: a stream name and how to turn an event into an item to prepend (or null). */
  live?: { stream: string; pick: (event: string, payload: any) => T | null; deleted?: (event: string, payload: any) => string | null };
  /** Posts written here appear at once. */
  acceptOwn?: (s: StatusEntity) => boolean;
  idOf?: (item: T) => string;
}

/** "14:05", or "3 Mar, 14:05" when it was not today. */
function savedTime(ms: number): string {
  const d = new Date(ms);
  // The browser's own variant of the app's language: en-GB writes 14:05 where en-US writes 02:05 PM.
  const locale = navigator.languages?.find((l) => l.toLowerCase().startsWith(getLang())) ?? getLang();
  const time = d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  return d.toDateString() === new Date().toDateString() ? time : `${d.toLocaleDateString(locale, { day: 'numeric', month: 'short' })}, ${time}`;
}

/** A paginated list of the API's items with infinite scroll, a visible "load more" button, and live updates. */
export function PagedList<T>(props: ListProps<T>) {
  const idOf = props.idOf ?? ((x: any) => String(x.id));
  const [items, setItems] = useState<T[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  // When the saved copy on show was loaded (ms), or null when the list comes from the server.
  const [offline, setOffline] = useState<number | null>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const busy = useRef(false);

  const load = useCallback(
    async (url: string, replace: boolean) => {
      if (busy.current) return;
      busy.current = true;
      setLoading(true);
      setError(null);
      try {
        const res = await page<T>(url);
        setItems((old) => {
          const merged = replace ? res.items : [...old, ...res.items.filter((x) => !old.some((o) => idOf(o) === idOf(x)))];
          if (props.cacheKey && replace) {
            try {
              localStorage.setItem(props.cacheKey, JSON.stringify({ at: Date.now(), items: merged.slice(0, 40) }));
            } catch {}
          }
          return merged;
        });
        setNext(res.next);
        if (props.cacheKey && replace) {
          setOffline(null);
          setUi({ offline: false });
        }
      } catch (e) {
        if (replace && props.cacheKey && e instanceof ApiError && e.status === 0) {
          try {
            const saved = JSON.parse(localStorage.getItem(props.cacheKey) ?? 'null') as { at: number; items: T[] } | T[] | null;
            if (!saved || (Array.isArray(saved) ? saved : saved.items).length === 0) throw e;
            // Saved by an earlier version: a bare array, its time unknown.
            setItems(Array.isArray(saved) ? saved : saved.items);
            setOffline(Array.isArray(saved) ? 0 : saved.at);
            setUi({ offline: true });
            setNext(null);
          } catch {
            setError(e);
          }
        } else setError(e);
      } finally {
        busy.current = false;
        setLoading(false);
      }
    },
    [props.source],
  );

  useEffect(() => {
    setItems([]);
    setNext(null);
    load(props.source, true);
  }, [props.source]);

  // Back online, a list showing its saved copy loads afresh; leaving it ends the read-only mode.
  useEffect(() => {
    if (offline === null) return;
    const again = () => load(props.source, true);
    window.addEventListener('online', again);
    return () => window.removeEventListener('online', again);
  }, [offline, props.source]);
  useEffect(() => () => (props.cacheKey ? setUi({ offline: false }) : undefined), []);

  useEffect(() => {
    const live = props.live;
    if (!live) return;
    return listen(live.stream, (m) => {
      const deletedId = live.deleted?.(m.event, m.payload);
      if (deletedId) {
        setItems((old) => old.filter((x) => idOf(x) !== deletedId && (x as any)?.reblog?.id !== deletedId));
        return;
      }
      const item = live.pick(m.event, m.payload);
      if (item) setItems((old) => (old.some((o) => idOf(o) === idOf(item)) ? old : [item, ...old]));
    });
  }, [props.live?.stream, props.source]);

  useEffect(
    () =>
      onStatusChange((kind, s) => {
        if (kind === 'deleted') setItems((old) => old.filter((x) => idOf(x) !== s.id && (x as any)?.reblog?.id !== s.id));
        if (kind === 'created' && props.acceptOwn?.(s)) setItems((old) => (old.some((o) => idOf(o) === s.id) ? old : [s as unknown as T, ...old]));
      }),
    [props.source],
  );

  useEffect(() => {
    const el = sentinel.current;
    if (!el || !next) return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && next) load(next, false);
    });
    io.observe(el);
    return () => io.disconnect();
  }, [next, load, loading, error]);

  const remove = (id: string) => setItems((old) => old.filter((x) => idOf(x) !== id));

  return (
    <section class="feed" aria-label={props.label} aria-busy={loading}>
      {offline !== null && (
        <p class="banner banner-offline" role="status">
          {t('offlineSaved', { time: offline ? savedTime(offline) : '?' })}
        </p>
      )}
      {items.map((item) => (
        <div key={idOf(item)} class="feed-item">
          {props.render(item, remove)}
        </div>
      ))}
      {!loading && !error && items.length === 0 && <Empty title={props.empty.title} hint={props.empty.hint} />}
      {error !== null && <ErrorBox error={error} retry={() => load(next ?? props.source, !next)} />}
      {loading && <Loading />}
      {next && !loading && !error && (
        <div ref={sentinel} class="load-more">
          <button type="button" class="btn" onClick={() => load(next, false)}>
            {t('loadMore')}
          </button>
        </div>
      )}
      {!next && !loading && items.length > 0 && <p class="end muted">{t('endOfList')}</p>}
    </section>
  );
}

export function StatusList(props: Omit<ListProps<StatusEntity>, 'render'> & { render?: ListProps<StatusEntity>['render'] }) {
  return <PagedList<StatusEntity> {...props} render={props.render ?? ((s, remove) => <StatusCard status={s} onDeleted={remove} />)} />;
}

export const liveStatuses = (stream: string): ListProps<StatusEntity>['live'] => ({
  stream,
  pick: (event, payload) => (event === 'update' && payload && typeof payload === 'object' ? (payload as StatusEntity) : null),
  deleted: (event, payload) => (event === 'delete' ? String(payload) : null),
});
