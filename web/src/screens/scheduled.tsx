import { useEffect, useState } from 'preact/hooks';
import { ErrorBox, errorText, Loading, PageTitle } from '../components/common';
import { api, page } from '../lib/api';
import type { ScheduledStatusEntity } from '../lib/entities';
import { t } from '../lib/i18n';
import { toast } from '../lib/ui-state';

// Mastodon's scheduled posts: https://docs.joinmastodon.org/methods/scheduled_statuses/

/** A datetime-local value (the browser's time zone) for an ISO time. */
function localInputValue(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function ScheduledRow(props: { item: ScheduledStatusEntity; onChange: (s: ScheduledStatusEntity) => void; onDelete: () => void }) {
  const s = props.item;
  const [at, setAt] = useState(localInputValue(s.scheduled_at));
  const [saving, setSaving] = useState(false);
  const inputId = `scheduled-at-${s.id}`;
  const save = async (e: Event) => {
    e.preventDefault();
    setSaving(true);
    try {
      props.onChange(
        await api<ScheduledStatusEntity>(`/api/v1/scheduled_statuses/${s.id}`, { method: 'PUT', body: { scheduled_at: new Date(at).toISOString() } }),
      );
      toast(t('scheduledToast', { time: new Date(at).toLocaleString() }));
    } catch (err) {
      toast(errorText(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <li class="card scheduled-row">
      <p class="muted small">{t('scheduledFor', { time: new Date(s.scheduled_at).toLocaleString() })}</p>
      {s.params.spoiler_text && <p class="scheduled-cw">{s.params.spoiler_text}</p>}
      <p class="scheduled-text">{s.params.text}</p>
      {s.params.poll && (
        <ul class="scheduled-poll">
          {s.params.poll.options.map((o) => (
            <li key={o}>{o}</li>
          ))}
        </ul>
      )}
      {s.media_attachments.length > 0 && (
        <div class="scheduled-media">
          {s.media_attachments.map((m) => (m.preview_url ? <img key={m.id} src={m.preview_url} alt={m.description ?? ''} /> : null))}
        </div>
      )}
      <form class="scheduled-actions" onSubmit={save}>
        <label for={inputId}>{t('reschedule')}</label>
        <input id={inputId} class="input" type="datetime-local" required value={at} onInput={(e) => setAt(e.currentTarget.value)} />
        <button type="submit" class="btn" disabled={saving}>
          {t('save')}
        </button>
        <button type="button" class="btn danger" onClick={props.onDelete}>
          {t('delete')}
        </button>
      </form>
    </li>
  );
}

const PAGE = 40;

export function ScheduledScreen() {
  const [items, setItems] = useState<ScheduledStatusEntity[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = (path: string) =>
    page<ScheduledStatusEntity>(path)
      .then((p) => {
        setItems((old) => [...(old ?? []), ...p.items]);
        // The Link header always names a next page; a short page is the last one.
        setNext(p.items.length < PAGE ? null : p.next);
      })
      .catch(setError);
  useEffect(() => {
    load(`/api/v1/scheduled_statuses?limit=${PAGE}`);
  }, []);

  const remove = async (s: ScheduledStatusEntity) => {
    if (!confirm(t('confirmDeleteScheduled'))) return;
    try {
      await api(`/api/v1/scheduled_statuses/${s.id}`, { method: 'DELETE' });
      setItems((old) => (old ?? []).filter((x) => x.id !== s.id));
    } catch (err) {
      toast(errorText(err));
    }
  };
  // Soonest first, as a reader plans; the API pages by id.
  const sorted = [...(items ?? [])].sort((a, b) => a.scheduled_at.localeCompare(b.scheduled_at));

  return (
    <>
      <PageTitle>{t('scheduledPosts')}</PageTitle>
      {error !== null && <ErrorBox error={error} />}
      {items === null && error === null && <Loading />}
      {items?.length === 0 && <p class="muted">{t('emptyScheduled')}</p>}
      <ul class="lists" aria-label={t('scheduledPosts')}>
        {sorted.map((s) => (
          <ScheduledRow
            key={`${s.id}-${s.scheduled_at}`}
            item={s}
            onChange={(changed) => setItems((old) => (old ?? []).map((x) => (x.id === changed.id ? changed : x)))}
            onDelete={() => remove(s)}
          />
        ))}
      </ul>
      {next && (
        <button type="button" class="btn" onClick={() => load(next)}>
          {t('loadMore')}
        </button>
      )}
    </>
  );
}
