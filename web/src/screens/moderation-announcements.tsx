// Staff announcements (issue 13): admins write, edit and delete the instance's announcements here, through
// Tribune's admin routes (/api/v1/admin/tribune/announcements); people see them as the banner on Home.
import { useEffect, useState } from 'preact/hooks';
import { Empty, errorText, FormError, Loading } from '../components/common';
import { mt } from '../i18n/moderation';
import { api } from '../lib/api';
import { emojifyHtml } from '../lib/emojify';
import type { AdminAnnouncementEntity } from '../lib/entities';
import { fullDate } from '../lib/i18n';
import { toast } from '../lib/ui-state';

type AdminAnnouncement = AdminAnnouncementEntity;

const PATH = '/api/v1/admin/tribune/announcements';

// <input type="datetime-local"> speaks local time without a zone: convert both ways.
function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}
const fromLocalInput = (v: string): string | null => (v ? new Date(v).toISOString() : null);

function AnnouncementForm(props: { editing: AdminAnnouncement | null; done: (a: AdminAnnouncement) => void; cancel: () => void }) {
  const e = props.editing;
  const [text, setText] = useState(e?.text ?? '');
  const [startsAt, setStartsAt] = useState(toLocalInput(e?.starts_at ?? null));
  const [endsAt, setEndsAt] = useState(toLocalInput(e?.ends_at ?? null));
  const [allDay, setAllDay] = useState(e?.all_day ?? false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (ev: Event) => {
    ev.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = { text, starts_at: fromLocalInput(startsAt), ends_at: fromLocalInput(endsAt), all_day: allDay };
      const saved = await api<AdminAnnouncement>(e ? `${PATH}/${e.id}` : PATH, { method: e ? 'PUT' : 'POST', body });
      toast(mt(e ? 'announcementSaved' : 'announcementPosted'));
      if (!e) {
        setText('');
        setStartsAt('');
        setEndsAt('');
        setAllDay(false);
      }
      props.done(saved);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const title = e ? mt('editAnnouncement') : mt('newAnnouncement');
  return (
    <form class="card form" onSubmit={submit} aria-labelledby="announcement-form-title">
      <h2 id="announcement-form-title">{title}</h2>
      <label for="announcement-text">{mt('announcementText')}</label>
      <textarea id="announcement-text" class="input" rows={4} required value={text} onInput={(x) => setText(x.currentTarget.value)} />
      <div class="announcement-dates-row">
        <div>
          <label for="announcement-starts">{mt('announcementStarts')}</label>
          <input id="announcement-starts" class="input" type="datetime-local" value={startsAt} onInput={(x) => setStartsAt(x.currentTarget.value)} />
        </div>
        <div>
          <label for="announcement-ends">{mt('announcementEnds')}</label>
          <input id="announcement-ends" class="input" type="datetime-local" value={endsAt} onInput={(x) => setEndsAt(x.currentTarget.value)} />
        </div>
      </div>
      <label class="checkbox">
        <input type="checkbox" checked={allDay} onChange={(x) => setAllDay(x.currentTarget.checked)} /> {mt('announcementAllDay')}
      </label>
      <FormError error={error} />
      <div class="form-actions">
        {e && (
          <button type="button" class="btn" onClick={props.cancel}>
            {mt('cancelEdit')}
          </button>
        )}
        <button type="submit" class="btn btn-primary" disabled={busy || text.trim() === ''}>
          {e ? mt('saveAnnouncement') : mt('postAnnouncement')}
        </button>
      </div>
    </form>
  );
}

export function AnnouncementsAdminScreen(props: { denied: (error: unknown) => preact.ComponentChildren }) {
  const [list, setList] = useState<AdminAnnouncement[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<AdminAnnouncement | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  useEffect(() => {
    api<AdminAnnouncement[]>(PATH).then(setList).catch(setError);
  }, []);
  if (error) return <>{props.denied(error)}</>;
  if (!list) return <Loading />;

  const saved = (a: AdminAnnouncement) => {
    setList((old) => (old?.some((x) => x.id === a.id) ? old.map((x) => (x.id === a.id ? a : x)) : [a, ...(old ?? [])]));
    setEditing(null);
  };
  const remove = async (a: AdminAnnouncement) => {
    try {
      await api(`${PATH}/${a.id}`, { method: 'DELETE' });
      setList((old) => old?.filter((x) => x.id !== a.id) ?? null);
      if (editing?.id === a.id) setEditing(null);
      toast(mt('announcementDeleted'));
    } catch (err) {
      toast(errorText(err));
    } finally {
      setConfirming(null);
    }
  };
  return (
    <>
      <AnnouncementForm key={editing?.id ?? 'new'} editing={editing} done={saved} cancel={() => setEditing(null)} />
      <section aria-labelledby="announcements-list-title">
        <h2 id="announcements-list-title">{mt('announcementsList')}</h2>
        {list.length === 0 ? (
          <Empty title={mt('noAnnouncements')} />
        ) : (
          list.map((a) => (
            <article key={a.id} class="mod-item admin-announcement" aria-labelledby={`admin-announcement-${a.id}`}>
              <h3 id={`admin-announcement-${a.id}`} class="sr-only">
                {mt('announcementFrom', { at: fullDate(a.published_at) })}
              </h3>
              <div class="status-content" dangerouslySetInnerHTML={{ __html: emojifyHtml(a.content, a.emojis) }} />
              <p class="muted small">
                {mt('announcementFrom', { at: fullDate(a.published_at) })}
                {a.ends_at && ` · ${mt('announcementEndsAt', { at: fullDate(a.ends_at) })}`}
                {!a.published && ` · ${mt('announcementDraft')}`}
              </p>
              <div class="form-actions">
                <button type="button" class="btn-small" onClick={() => setEditing(a)} aria-describedby={`admin-announcement-${a.id}`}>
                  {mt('edit')}
                </button>
                {confirming === a.id ? (
                  <button type="button" class="btn-small" onClick={() => remove(a)} aria-describedby={`admin-announcement-${a.id}`}>
                    {mt('confirmDelete')}
                  </button>
                ) : (
                  <button type="button" class="btn-small" onClick={() => setConfirming(a.id)} aria-describedby={`admin-announcement-${a.id}`}>
                    {mt('delete')}
                  </button>
                )}
              </div>
            </article>
          ))
        )}
      </section>
    </>
  );
}
