import { useEffect, useState } from 'preact/hooks';
import { api } from '../lib/api';
import { type CustomEmoji, emojifyHtml } from '../lib/emojify';
import type { AnnouncementEntity } from '../lib/entities';
import { fullDate, getLang, t } from '../lib/i18n';
import { listen } from '../lib/stream';

// The instance's announcements on Home: active ones the person has not dismissed, with emoji reactions
// (https://docs.joinmastodon.org/methods/announcements/). Live through the user stream's `announcement*` events.

type Announcement = AnnouncementEntity;
type Reaction = AnnouncementEntity['reactions'][number];

/** A small fixed set of Unicode emojis, then the instance's custom emojis shown in pickers. */
const PICKER = ['👍', '❤️', '🎉', '😂', '😮', '🙏'];

/** A reaction as it shows: a custom emoji's image (its shortcode as text alternative) or the Unicode emoji. */
function ReactionFace(props: { r: Reaction; custom: Map<string, CustomEmoji> }) {
  const url = props.r.url ?? props.custom.get(props.r.name)?.url;
  if (!url) return <>{props.r.name}</>;
  return <img class="custom-emoji" src={url} alt={`:${props.r.name}:`} />;
}

const reactionLabel = (r: Reaction, custom: Map<string, CustomEmoji>) => (r.url || custom.has(r.name) ? `:${r.name}:` : r.name);

function dates(a: Announcement): string {
  const day = (iso: string) => new Date(iso).toLocaleDateString(getLang(), { dateStyle: 'long' });
  const when = (iso: string) => (a.all_day ? day(iso) : fullDate(iso));
  if (a.starts_at && a.ends_at) return t('announcementFromTo', { from: when(a.starts_at), to: when(a.ends_at) });
  if (a.ends_at) return t('announcementUntil', { to: when(a.ends_at) });
  return t('announcementPublished', { at: fullDate(a.published_at) });
}

export function Announcements() {
  const [items, setItems] = useState<Announcement[]>([]);
  const [picking, setPicking] = useState<string | null>(null);
  const [custom, setCustom] = useState<Map<string, CustomEmoji>>(new Map());

  useEffect(() => {
    let alive = true;
    api<Announcement[]>('/api/v1/announcements')
      .then((list) => alive && setItems(list.filter((a) => !a.read)))
      .catch(() => undefined);
    // Custom emojis for the picker and for reactions that arrive over the stream (their events carry no image).
    api<CustomEmoji[]>('/api/v1/custom_emojis')
      .then((list) => alive && setCustom(new Map(list.map((e) => [e.shortcode, e]))))
      .catch(() => undefined);
    const stop = listen('user', (m) => {
      if (m.event === 'announcement') {
        const a = m.payload as Announcement;
        setItems((old) => (old.some((x) => x.id === a.id) ? old.map((x) => (x.id === a.id ? { ...a, reactions: x.reactions } : x)) : [...old, a]));
      } else if (m.event === 'announcement.delete') {
        setItems((old) => old.filter((x) => x.id !== String(m.payload)));
      } else if (m.event === 'announcement.reaction') {
        const r = m.payload as { name: string; count: number; announcement_id: string };
        setItems((old) => old.map((x) => (x.id === r.announcement_id ? { ...x, reactions: withCount(x.reactions, r.name, r.count) } : x)));
      }
    });
    return () => {
      alive = false;
      stop();
    };
  }, []);

  if (items.length === 0) return null;

  const dismiss = async (a: Announcement) => {
    setItems((old) => old.filter((x) => x.id !== a.id));
    await api(`/api/v1/announcements/${a.id}/dismiss`, { method: 'POST' }).catch(() => undefined);
  };

  const react = async (a: Announcement, name: string) => {
    const mine = a.reactions.find((r) => r.name === name)?.me ?? false;
    setPicking(null);
    setItems((old) => old.map((x) => (x.id === a.id ? { ...x, reactions: toggled(x.reactions, name, !mine) } : x)));
    try {
      await api(`/api/v1/announcements/${a.id}/reactions/${encodeURIComponent(name)}`, { method: mine ? 'DELETE' : 'PUT' });
    } catch {
      setItems((old) => old.map((x) => (x.id === a.id ? { ...x, reactions: toggled(x.reactions, name, mine) } : x)));
    }
  };

  return (
    <section class="announcements" aria-label={t('announcements')}>
      {items.map((a) => (
        <article key={a.id} class="card announcement" aria-labelledby={`announcement-${a.id}-title`}>
          <h2 id={`announcement-${a.id}-title`} class="announcement-title">
            {t('announcement')}
          </h2>
          <div class="status-content" dangerouslySetInnerHTML={{ __html: emojifyHtml(a.content, a.emojis) }} />
          <p class="muted announcement-dates">{dates(a)}</p>
          <div class="announcement-actions">
            {a.reactions
              .filter((r) => r.count > 0)
              .map((r) => (
                <button
                  key={r.name}
                  type="button"
                  class={`btn-small${r.me ? ' on' : ''}`}
                  aria-pressed={r.me}
                  aria-label={`${reactionLabel(r, custom)} ${r.count}`}
                  onClick={() => react(a, r.name)}
                >
                  <ReactionFace r={r} custom={custom} /> {r.count}
                </button>
              ))}
            <button type="button" class="btn-small" aria-expanded={picking === a.id} onClick={() => setPicking(picking === a.id ? null : a.id)}>
              {t('addReaction')}
            </button>
            <button type="button" class="btn-small announcement-dismiss" onClick={() => dismiss(a)}>
              {t('dismissAnnouncement')}
            </button>
          </div>
          {picking === a.id && (
            <fieldset class="announcement-picker">
              <legend class="sr-only">{t('addReaction')}</legend>
              {PICKER.map((e) => (
                <button key={e} type="button" class="btn-small" aria-label={e} onClick={() => react(a, e)}>
                  {e}
                </button>
              ))}
              {[...custom.values()]
                .filter((e) => e.visible_in_picker !== false)
                .map((e) => (
                  <button
                    key={e.shortcode}
                    type="button"
                    class="btn-small"
                    aria-label={`:${e.shortcode}:`}
                    title={`:${e.shortcode}:`}
                    onClick={() => react(a, e.shortcode)}
                  >
                    <img class="custom-emoji" src={e.static_url} alt="" />
                  </button>
                ))}
            </fieldset>
          )}
        </article>
      ))}
    </section>
  );
}

function withCount(list: Reaction[], name: string, count: number): Reaction[] {
  if (!list.some((r) => r.name === name)) return count > 0 ? [...list, { name, count, me: false }] : list;
  return list.map((r) => (r.name === name ? { ...r, count } : r));
}

function toggled(list: Reaction[], name: string, on: boolean): Reaction[] {
  const found = list.find((r) => r.name === name);
  if (!found) return on ? [...list, { name, count: 1, me: true }] : list;
  return list.map((r) => (r.name === name ? { ...r, me: on, count: Math.max(0, r.count + (on ? 1 : -1)) } : r));
}
