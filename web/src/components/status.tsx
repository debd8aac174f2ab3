import { useEffect, useState } from 'preact/hooks';
import { api } from '../lib/api';
import type { StatusEntity } from '../lib/entities';
import { fullDate, getLang, type Key, type PluralKey, relativeTime, t, tn } from '../lib/i18n';
import { getMe } from '../lib/session';
import { announceStatus, onStatusChange, setUi, toast, useUi } from '../lib/ui-state';
import { Avatar, closeMenu, DisplayName, errorText, Icon } from './common';
import { MediaGrid } from './media-grid';
import { PollView } from './poll';
import { PreviewCardView } from './preview-card';
import { StatusText } from './translate';

/** An action's accessible name holds its visible count ("Reply, 3 replies"), as WCAG's label-in-name asks. */
function actionName(action: Key, count: number, counted: PluralKey): string {
  return count ? t('actionCount', { action: t(action), count: tn(counted, count) }) : t(action);
}

const shownCount = (n: number) => (n ? n.toLocaleString(getLang()) : '');

export function statusPath(s: StatusEntity): string {
  return `/@${s.account.acct}/${s.id}`;
}

/** A post in a list or a thread, with its actions. An echo shows who echoed it above the original. */
export function StatusCard(props: { status: StatusEntity; focused?: boolean; inThread?: boolean; onDeleted?: (id: string) => void }) {
  const [wrapper, setWrapper] = useState(props.status);
  useEffect(() => setWrapper(props.status), [props.status]);
  useEffect(
    () =>
      onStatusChange((kind, s) => {
        if (kind === 'updated' && (s.id === wrapper.id || s.id === wrapper.reblog?.id)) {
          setWrapper((w) => (w.reblog && w.reblog.id === s.id ? { ...w, reblog: s } : s));
        }
      }),
    [wrapper.id],
  );
  const s = wrapper.reblog ?? wrapper;
  const [open, setOpen] = useState(false);
  const [showFiltered, setShowFiltered] = useState(false);
  const me = getMe();
  const ui = useUi();

  const update = (next: StatusEntity) => {
    announceStatus('updated', next);
    setWrapper((w) => (w.reblog ? { ...w, reblog: next } : next));
  };

  const act = async (path: string, optimistic: Partial<StatusEntity>) => {
    if (!me) {
      toast(t('signInToAct'));
      return;
    }
    const before = s;
    update({ ...s, ...optimistic });
    try {
      const res = await api<StatusEntity>(`/api/v1/statuses/${s.id}/${path}`, { method: 'POST' });
      update(res.reblog && path === 'reblog' ? res.reblog : res);
    } catch (e) {
      update(before);
      toast(errorText(e));
    }
  };

  const remove = async () => {
    if (!confirm(t('confirmDelete'))) return;
    try {
      await api(`/api/v1/statuses/${s.id}`, { method: 'DELETE' });
      announceStatus('deleted', s);
      props.onDeleted?.(s.id);
      toast(t('deleted'));
    } catch (e) {
      toast(errorText(e));
    }
  };

  const mine = me && s.account.id === me.id;
  const replyTarget = s.in_reply_to_account_id === s.account.id ? s.account.acct : s.mentions?.find((m) => m.id === s.in_reply_to_account_id)?.acct;
  const hidden = !!s.spoiler_text && !open;
  // A quote nested in a quote comes shallow (its id only): only the first level is shown.
  const quoted = s.quote && 'quoted_status' in s.quote ? s.quote.quoted_status : null;
  const Heading = props.focused ? 'h1' : 'h2';
  const canEcho = s.visibility === 'public' || s.visibility === 'unlisted';
  // A `warn` filter folds the post behind its title, as Mastodon's web app does; `hide` never reaches us.
  const warnedBy = (wrapper.filtered ?? []).filter((f) => f.filter.filter_action === 'warn').map((f) => f.filter.title);
  // A `blur` filter (Mastodon 4.4) covers the media as a sensitive post's are.
  const blurredByFilter = (wrapper.filtered ?? []).some((f) => (f.filter.filter_action as string) === 'blur');

  if (warnedBy.length > 0 && !showFiltered) {
    return (
      <article class="status status-filtered" data-id={s.id} tabIndex={-1}>
        <p class="cw">
          <strong>{t('filteredAs', { title: warnedBy.join(', ') })}</strong>{' '}
          <button type="button" class="btn-small" onClick={() => setShowFiltered(true)}>
            {t('showAnyway')}
          </button>
        </p>
      </article>
    );
  }

  return (
    <article class={`status${props.focused ? ' status-focused' : ''}`} aria-labelledby={`st-${wrapper.id}`} data-id={s.id} tabIndex={-1}>
      {wrapper.reblog && (
        <p class="status-echoed">
          <Icon name="echo" /> {t('echoedBy', { name: wrapper.account.display_name || wrapper.account.username })}
        </p>
      )}
      <header class="status-head">
        {/* biome-ignore lint/a11y/useAnchorContent: a second, hidden way to the profile; the name beside it is the labelled link */}
        <a href={`/@${s.account.acct}`} class="status-author" aria-hidden="true" tabIndex={-1}>
          <Avatar account={s.account} size={44} />
        </a>
        <div class="status-meta">
          <Heading class="status-name" id={`st-${wrapper.id}`}>
            <a href={`/@${s.account.acct}`}>
              <DisplayName account={s.account} />
            </a>
          </Heading>
          <span class="muted">@{s.account.acct}</span>
        </div>
        <a class="status-time muted" href={statusPath(s)} title={fullDate(s.created_at)}>
          <time datetime={s.created_at}>{relativeTime(s.created_at)}</time>
          {s.edited_at && <span> · {t('edited')}</span>}
          {s.visibility !== 'public' && <span> · {t(`vis_${s.visibility}` as any)}</span>}
        </a>
      </header>
      {s.in_reply_to_id && !props.focused && !props.inThread && (
        <p class="muted small">
          <a href={`/statuses/${s.in_reply_to_id}`}>{replyTarget ? t('inReplyToName', { name: `@${replyTarget}` }) : t('inReplyTo')}</a>
        </p>
      )}
      {s.tribune?.moderation_state && s.tribune.moderation_state !== 'published' && (
        <p class="moderation-state" role="note">
          {s.tribune.moderation_state === 'pending' ? t('pendingReview') : t('removedByModerators')} <a href="/settings/moderation">{t('myModeration')}</a>
        </p>
      )}
      {s.spoiler_text && (
        <p class="cw">
          <strong>{s.spoiler_text}</strong>{' '}
          <button type="button" class="btn-small" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? t('showLess') : t('showMore')}
          </button>
        </p>
      )}
      {!hidden && (
        <>
          <StatusText status={s} />
        </>
      )}
      {/* Outside the folded text: under a content warning the media stay in view, covered until asked for. */}
      {s.media_attachments.length > 0 && <MediaGrid media={s.media_attachments} sensitive={s.sensitive || !!s.spoiler_text || blurredByFilter} />}
      {!hidden && (
        <>
          {s.card && s.media_attachments.length === 0 && !quoted && <PreviewCardView card={s.card} />}
          {s.poll && <PollView poll={s.poll} statusId={s.id} onChange={(poll) => update({ ...s, poll })} />}
          {quoted && (
            <a class="quote" href={statusPath(quoted)}>
              <strong>
                <DisplayName account={quoted.account} />
              </strong>{' '}
              <span class="muted">@{quoted.account.acct}</span>
              <div class="status-content" dangerouslySetInnerHTML={{ __html: quoted.content }} />
            </a>
          )}
        </>
      )}
      <footer class="status-actions">
        <button
          type="button"
          class="action"
          aria-label={actionName('reply', s.replies_count, 'replies')}
          title={ui.offline ? t('offlineAction') : t('reply')}
          disabled={ui.offline}
          onClick={() => (me ? setUi({ compose: { replyTo: s } }) : toast(t('signInToAct')))}
        >
          <Icon name="reply" /> <span>{shownCount(s.replies_count)}</span>
        </button>
        <button
          type="button"
          class={`action${s.reblogged ? ' on' : ''}`}
          aria-label={actionName('echo', s.reblogs_count, 'echoes')}
          title={ui.offline ? t('offlineAction') : canEcho ? t('echo') : t('cannotEcho')}
          aria-pressed={!!s.reblogged}
          disabled={!canEcho || ui.offline}
          onClick={() => act(s.reblogged ? 'unreblog' : 'reblog', { reblogged: !s.reblogged, reblogs_count: s.reblogs_count + (s.reblogged ? -1 : 1) })}
        >
          <Icon name="echo" /> <span>{shownCount(s.reblogs_count)}</span>
        </button>
        <button
          type="button"
          class={`action${s.favourited ? ' on' : ''}`}
          aria-label={actionName('upvote', s.favourites_count, 'upvotes')}
          title={ui.offline ? t('offlineAction') : t('upvote')}
          aria-pressed={!!s.favourited}
          disabled={ui.offline}
          onClick={() =>
            act(s.favourited ? 'unfavourite' : 'favourite', { favourited: !s.favourited, favourites_count: s.favourites_count + (s.favourited ? -1 : 1) })
          }
        >
          <Icon name="up" /> <span class="count">{shownCount(s.favourites_count)}</span>
        </button>
        <button
          type="button"
          class={`action${s.bookmarked ? ' on' : ''}`}
          aria-label={t('bookmark')}
          title={ui.offline ? t('offlineAction') : t('bookmark')}
          aria-pressed={!!s.bookmarked}
          disabled={ui.offline}
          onClick={() => act(s.bookmarked ? 'unbookmark' : 'bookmark', { bookmarked: !s.bookmarked })}
        >
          <Icon name="bookmark" />
        </button>
        <details class="menu">
          <summary class="action" aria-label={t('more')} title={t('more')}>
            <Icon name="more" />
          </summary>
          {/* biome-ignore lint/a11y/useKeyWithClickEvents: closes the menu after a choice made with its buttons (keyboard included) */}
          <div class="menu-items" role="menu" onClick={closeMenu}>
            {canEcho && me && (
              <button type="button" role="menuitem" onClick={() => setUi({ compose: { quote: s } })}>
                {t('quote')}
              </button>
            )}
            <button
              type="button"
              role="menuitem"
              onClick={() => {
                navigator.clipboard?.writeText(`${location.origin}${statusPath(s)}`).then(
                  () => toast(t('linkCopied')),
                  () => toast(`${location.origin}${statusPath(s)}`),
                );
              }}
            >
              {t('copyLink')}
            </button>
            {mine && (
              <button type="button" role="menuitem" onClick={() => setUi({ compose: { edit: s } })}>
                {t('edit')}
              </button>
            )}
            {mine && (
              <button type="button" role="menuitem" class="danger" onClick={remove}>
                {t('delete')}
              </button>
            )}
            {me && !mine && (
              <button type="button" role="menuitem" onClick={() => setUi({ report: { account: s.account, status: s } })}>
                {t('report')}
              </button>
            )}
          </div>
        </details>
      </footer>
    </article>
  );
}
