import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../lib/api';
import type { ScheduledStatusEntity, StatusEntity, StatusSourceEntity } from '../lib/entities';
import { t, tn } from '../lib/i18n';
import { canAttachMore, missingAlt, postBlocker } from '../lib/media-rules';
import { getMe } from '../lib/session';
import { announceStatus, type ComposeRequest, toast, useUi } from '../lib/ui-state';
import { errorText, FormError } from './common';
import { useAttachments } from './compose-attachments';
import { AttachmentList } from './compose-media';
import { SuggestionList, useSuggestions } from './compose-suggestions';
import { type PollDraft, PollEditor } from './poll';

type Visibility = StatusEntity['visibility'];

let counter = 0;

/** A datetime-local value (the browser's time zone) for `ms`. */
function localInputValue(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Mastodon counts every URL as 23 characters and a remote mention by its username only. */
export function countChars(text: string): number {
  return [...text.replace(/https?:\/\/\S+/g, 'x'.repeat(23)).replace(/(^|\s)@(\w+)@[\w.-]+/g, '$1@$2')].length;
}

export function Compose(props: { request?: ComposeRequest; onDone?: (s: StatusEntity | null) => void; autoFocus?: boolean }) {
  const req = props.request ?? {};
  const me = getMe();
  const ui = useUi();
  const id = useRef(`compose-${++counter}`).current;
  const initialText = () => {
    if (req.edit) return '';
    const handles = new Set<string>();
    if (req.mention) handles.add(req.mention.acct);
    if (req.replyTo) {
      if (req.replyTo.account.id !== me?.id) handles.add(req.replyTo.account.acct);
      for (const m of req.replyTo.mentions ?? []) if (m.id !== me?.id) handles.add(m.acct);
    }
    return [...handles].map((h) => `@${h} `).join('');
  };
  const [text, setText] = useState(initialText);
  const [cw, setCw] = useState(req.replyTo?.spoiler_text ?? '');
  const [cwOn, setCwOn] = useState(!!req.replyTo?.spoiler_text);
  const [visibility, setVisibility] = useState<Visibility>(
    req.replyTo && req.replyTo.visibility !== 'public' ? req.replyTo.visibility : ((me?.source?.privacy as Visibility) ?? 'public'),
  );
  const [sending, setSending] = useState(false);
  const att = useAttachments(req.edit?.media_attachments ?? [], ui.media);
  const media = att.drafts;
  // Starts from the person's "always mark media as sensitive" preference, as Mastodon's composer does.
  const [sensitive, setSensitive] = useState(req.edit ? req.edit.sensitive && !req.edit.spoiler_text : !!me?.source?.sensitive);
  // Set once the person chose to post without alt text after the reminder.
  const [altPrompt, setAltPrompt] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [poll, setPoll] = useState<PollDraft | null>(null);
  // A datetime-local value while "Schedule" is on (the server wants it at least 5 minutes ahead).
  const [scheduleAt, setScheduleAt] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const sug = useSuggestions(area, setText);

  useEffect(() => {
    if (!req.edit) return;
    api<StatusSourceEntity>(`/api/v1/statuses/${req.edit.id}/source`)
      .then((src) => {
        setText(src.text);
        setCw(src.spoiler_text);
        setCwOn(!!src.spoiler_text);
      })
      .catch(() => setText(req.edit!.content.replace(/<[^>]+>/g, '')));
    setVisibility(req.edit.visibility);
  }, [req.edit?.id]);

  useEffect(() => {
    if (props.autoFocus && area.current) {
      area.current.focus();
      const end = area.current.value.length;
      area.current.setSelectionRange(end, end);
    }
  }, []);

  const max = ui.maxChars;
  const used = countChars(text) + (cwOn ? countChars(cw) : 0);
  const left = max - used;
  const blocker = postBlocker(media);
  const missing = missingAlt(media.filter((m) => m.kind !== 'audio' && !m.existing));
  const empty = !text.trim() && media.length === 0;
  // A post with a poll takes no media (the server refuses both), an edited one included.
  const mayAttach =
    !!ui.media &&
    !poll &&
    !req.edit?.poll &&
    canAttachMore(
      media.map((m) => m.kind),
      ui.media,
    );

  const onKeyDown = (e: KeyboardEvent) => {
    if (sug.onKeyDown(e)) return;
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    }
  };

  const submit = async (e?: Event, opts?: { anyway?: boolean }) => {
    e?.preventDefault();
    if (sending || empty || left < 0 || blocker) return;
    // Mastodon- and Phanpy-style reminder: once per post, the choice of adding alt text or posting as it is.
    if (missing > 0 && !altPrompt && !opts?.anyway) {
      setAltPrompt(true);
      return;
    }
    setAltPrompt(false);
    setSending(true);
    setError(null);
    try {
      const body: Record<string, unknown> = {
        status: text,
        spoiler_text: cwOn ? cw : '',
        sensitive: (cwOn && !!cw) || (media.length > 0 && sensitive),
        visibility,
      };
      // Alt text typed while a file was still uploading is saved on its attachment before the post refers to it.
      await att.syncDescriptions();
      if (media.length > 0 || (req.edit && att.changed())) body.media_ids = media.map((m) => m.id!);
      if (poll) {
        const options = poll.options.map((o) => o.trim()).filter(Boolean);
        if (options.length < 2) {
          setError(t('pollNeedsOptions'));
          return;
        }
        body.poll = { options, expires_in: poll.expiresIn, multiple: poll.multiple };
      }
      let status: StatusEntity | null;
      if (scheduleAt !== null && !req.edit) {
        if (req.replyTo) body.in_reply_to_id = req.replyTo.id;
        if (req.quote) body.quoted_status_id = req.quote.id;
        body.scheduled_at = new Date(scheduleAt).toISOString();
        const scheduled = await api<ScheduledStatusEntity>('/api/v1/statuses', { body });
        status = null;
        toast(t('scheduledToast', { time: new Date(scheduled.scheduled_at).toLocaleString() }));
      } else if (req.edit) {
        delete body.visibility;
        status = await api<StatusEntity>(`/api/v1/statuses/${req.edit.id}`, { method: 'PUT', body });
        announceStatus('updated', status);
        toast(t('edited'));
      } else {
        if (req.replyTo) body.in_reply_to_id = req.replyTo.id;
        if (req.quote) body.quoted_status_id = req.quote.id;
        status = await api<StatusEntity>('/api/v1/statuses', { body });
        announceStatus('created', status);
        toast(t('posted'));
      }
      setText('');
      att.clear();
      setSensitive(!!me?.source?.sensitive);
      setPoll(null);
      setScheduleAt(null);
      setCw('');
      setCwOn(false);
      props.onDone?.(status);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setSending(false);
    }
  };

  const listId = `${id}-suggestions`;
  const label = req.edit ? t('editPost') : req.replyTo ? t('replyTo', { name: req.replyTo.account.acct }) : req.quote ? t('quotePost') : t('whatsNew');

  return (
    <form
      class={`compose${dragging ? ' dragging' : ''}`}
      onSubmit={submit}
      aria-label={label}
      onDragOver={(e) => {
        if (!mayAttach || !e.dataTransfer?.types.includes('Files')) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.target === e.currentTarget) setDragging(false);
      }}
      onDrop={(e) => {
        setDragging(false);
        if (!mayAttach || !e.dataTransfer?.files.length) return;
        e.preventDefault();
        att.add([...e.dataTransfer.files]);
      }}
    >
      {req.replyTo && (
        <p class="muted small compose-context">
          {t('replyingTo')} <strong>@{req.replyTo.account.acct}</strong>
        </p>
      )}
      {req.quote && <blockquote class="quote compose-context" dangerouslySetInnerHTML={{ __html: req.quote.content }} />}
      {cwOn && (
        <>
          <label class="sr-only" for={`${id}-cw`}>
            {t('contentWarning')}
          </label>
          <input id={`${id}-cw`} class="input" value={cw} placeholder={t('cwPlaceholder')} onInput={(e) => setCw(e.currentTarget.value)} maxLength={500} />
        </>
      )}
      <div class="compose-area">
        <label class="sr-only" for={`${id}-text`}>
          {label}
        </label>
        <textarea
          id={`${id}-text`}
          ref={area}
          class="input"
          rows={4}
          value={text}
          placeholder={label}
          data-autofocus={props.autoFocus ? '' : undefined}
          aria-autocomplete="list"
          aria-controls={sug.suggestions.length ? listId : undefined}
          aria-activedescendant={sug.suggestions.length ? `${listId}-${sug.active}` : undefined}
          aria-describedby={`${id}-count`}
          onInput={(e) => {
            setText(e.currentTarget.value);
            sug.suggest();
          }}
          onKeyDown={onKeyDown}
          onBlur={sug.closeSuggestions}
          onPaste={(e) => {
            const files = [...(e.clipboardData?.files ?? [])];
            if (!mayAttach || files.length === 0) return;
            e.preventDefault();
            att.add(files);
          }}
        />
        <SuggestionList id={listId} s={sug} />
      </div>
      {dragging && (
        <p class="drop-hint" aria-hidden="true">
          {t('dropFiles')}
        </p>
      )}
      <AttachmentList att={att} limits={ui.media} idPrefix={id} />
      {poll && <PollEditor id={id} draft={poll} onChange={setPoll} />}
      {scheduleAt !== null && (
        <div class="compose-schedule">
          <label for={`${id}-schedule`}>{t('scheduleAt')}</label>
          <input
            id={`${id}-schedule`}
            class="input"
            type="datetime-local"
            required
            min={localInputValue(Date.now() + 6 * 60_000)}
            value={scheduleAt}
            onInput={(e) => setScheduleAt(e.currentTarget.value)}
          />
          <p class="muted small">
            {t('scheduleHint')} <a href="/scheduled">{t('scheduledPosts')}</a>
          </p>
        </div>
      )}
      <FormError error={error} />
      {blocker && (
        <p id={`${id}-blocked`} class={`small post-blocked${blocker === 'failed' ? ' form-error' : ' muted'}`} role="status">
          {blocker === 'uploading'
            ? t('postBlockedUploading')
            : media.some((m) => m.state === 'failed' && m.retriable)
              ? t('postBlockedFailed')
              : t('postBlockedRefused')}
        </p>
      )}
      {altPrompt && missing > 0 && !blocker && (
        <div class="alt-prompt" role="alert">
          <p>{tn('altPrompt', missing)}</p>
          <button
            type="button"
            class="btn-small"
            onClick={() => att.setEditing(media.find((m) => !m.existing && m.kind !== 'audio' && !m.description.trim())?.key ?? null)}
          >
            {t('altPromptAdd')}
          </button>
          <button type="button" class="btn-small" onClick={() => submit(undefined, { anyway: true })}>
            {t('altPromptPost')}
          </button>
        </div>
      )}
      <div class="compose-bar">
        {mayAttach && (
          <label class="btn-small file-button">
            {t('addMedia')}
            <input
              type="file"
              class="sr-only"
              multiple
              accept={ui.media!.mimeTypes.join(',')}
              onChange={(e) => {
                const files = [...(e.currentTarget.files ?? [])];
                e.currentTarget.value = '';
                att.add(files);
              }}
            />
          </label>
        )}
        {media.length > 0 && (
          <button
            type="button"
            class={`btn-small${sensitive || (cwOn && !!cw) ? ' on' : ''}`}
            aria-pressed={sensitive || (cwOn && !!cw)}
            disabled={cwOn && !!cw}
            onClick={() => setSensitive(!sensitive)}
          >
            {t('markSensitive')}
          </button>
        )}
        {!req.edit && media.length === 0 && (
          <button
            type="button"
            class={`btn-small${poll ? ' on' : ''}`}
            aria-pressed={!!poll}
            onClick={() => {
              sug.closeSuggestions();
              setPoll(poll ? null : { options: ['', ''], expiresIn: 86400, multiple: false });
            }}
          >
            {poll ? t('removePoll') : t('addPoll')}
          </button>
        )}
        {!req.edit && (
          <button
            type="button"
            class={`btn-small${scheduleAt !== null ? ' on' : ''}`}
            aria-pressed={scheduleAt !== null}
            onClick={() => setScheduleAt(scheduleAt !== null ? null : localInputValue(Date.now() + 3600_000))}
          >
            {t('schedule')}
          </button>
        )}
        <button type="button" class={`btn-small${cwOn ? ' on' : ''}`} aria-pressed={cwOn} onClick={() => setCwOn(!cwOn)} title={t('contentWarning')}>
          {t('cwShort')}
        </button>
        {!req.edit && (
          <>
            <label class="sr-only" for={`${id}-vis`}>
              {t('visibility')}
            </label>
            <select id={`${id}-vis`} class="select" value={visibility} onChange={(e) => setVisibility(e.currentTarget.value as Visibility)}>
              <option value="public">{t('vis_public')}</option>
              <option value="unlisted">{t('vis_unlisted')}</option>
              <option value="private">{t('vis_private')}</option>
              <option value="direct">{t('vis_direct')}</option>
            </select>
          </>
        )}
        <span id={`${id}-count`} class={`counter${left < 0 ? ' over' : left < 20 ? ' near' : ''}`} aria-live="polite" title={t('charsLeft', { n: left })}>
          <span aria-hidden="true">{left}</span>
          <span class="sr-only">{t('charsLeft', { n: left })}</span>
        </span>
        <button
          id={`${id}-post`}
          type="submit"
          class="btn btn-primary"
          disabled={sending || empty || left < 0 || !!blocker}
          aria-describedby={blocker ? `${id}-blocked` : undefined}
        >
          {req.edit ? t('save') : scheduleAt !== null ? t('schedulePost') : req.replyTo ? t('reply') : t('post')}
        </button>
      </div>
    </form>
  );
}
