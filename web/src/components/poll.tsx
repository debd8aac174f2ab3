import { useState } from 'preact/hooks';
import { api } from '../lib/api';
import type { PollEntity } from '../lib/entities';
import { getLang, t } from '../lib/i18n';
import { getMe } from '../lib/session';
import { errorText, FormError } from './common';

function endsText(poll: PollEntity): string {
  if (poll.expired || !poll.expires_at) return t('pollClosed');
  const s = Math.max(0, Math.round((Date.parse(poll.expires_at) - Date.now()) / 1000));
  const rtf = new Intl.RelativeTimeFormat(getLang(), { numeric: 'always', style: 'short' });
  const time =
    s < 3570
      ? rtf.format(Math.max(1, Math.ceil(s / 60)), 'minute')
      : s < 84600
        ? rtf.format(Math.round(s / 3600), 'hour')
        : rtf.format(Math.round(s / 86400), 'day');
  return t('pollEnds', { time });
}

function countText(poll: PollEntity): string {
  // Mastodon counts people on a multiple-choice poll, votes otherwise.
  if (poll.multiple) {
    const n = poll.voters_count ?? poll.votes_count;
    return n === 1 ? t('pollOnePerson') : t('pollPeople', { n });
  }
  return poll.votes_count === 1 ? t('pollOneVote') : t('pollVotes', { n: poll.votes_count });
}

/** A post's poll: the choices to vote on, or the results once voted, ended, or for a reader who cannot vote. */
export function PollView(props: { poll: PollEntity; statusId: string; onChange: (p: PollEntity) => void }) {
  const { poll } = props;
  const me = getMe();
  const [chosen, setChosen] = useState<number[]>([]);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const canVote = !!me && !poll.expired && !poll.voted;
  const name = `poll-${props.statusId}`;
  // Mastodon's percentages: of the voters on a multiple-choice poll, of the votes otherwise.
  const base = poll.multiple ? (poll.voters_count ?? poll.votes_count) : poll.votes_count;
  const pct = new Intl.NumberFormat(getLang(), { style: 'percent', maximumFractionDigits: 0 });

  const vote = async (e: Event) => {
    e.preventDefault();
    if (!chosen.length || sending) return;
    setSending(true);
    setError(null);
    try {
      props.onChange(await api<PollEntity>(`/api/v1/polls/${poll.id}/votes`, { body: { choices: chosen } }));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setSending(false);
    }
  };

  const footer = (
    <p class="poll-footer muted small">
      {countText(poll)} · {endsText(poll)}
    </p>
  );

  if (canVote)
    return (
      <form class="poll" onSubmit={vote}>
        <fieldset>
          <legend class="sr-only">{poll.multiple ? t('pollChooseSeveral') : t('pollChooseOne')}</legend>
          {poll.options.map((o, i) => (
            <label key={o.title} class="poll-choice">
              <input
                type={poll.multiple ? 'checkbox' : 'radio'}
                name={name}
                checked={chosen.includes(i)}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  setChosen((c) => (poll.multiple ? (on ? [...c, i] : c.filter((x) => x !== i)) : [i]));
                }}
              />{' '}
              {o.title}
            </label>
          ))}
        </fieldset>
        <FormError error={error} />
        <div class="poll-bar-row">
          <button type="submit" class="btn-small" disabled={!chosen.length || sending}>
            {t('pollVote')}
          </button>
          {footer}
        </div>
      </form>
    );

  return (
    <div class="poll">
      <ul class="poll-results">
        {poll.options.map((o, i) => {
          const share = o.votes_count === null || !base ? null : o.votes_count / base;
          const mine = poll.own_votes?.includes(i);
          return (
            <li key={o.title} class={mine ? 'poll-mine' : ''}>
              <span class="poll-option">
                <strong class="poll-pct">{share === null ? '' : pct.format(share)}</strong> {o.title}
                {mine && <span class="muted small"> ✓ {t('pollYourChoice')}</span>}
              </span>
              <span class="poll-track" aria-hidden="true">
                <span class="poll-fill" style={{ width: `${Math.round((share ?? 0) * 100)}%` }} />
              </span>
            </li>
          );
        })}
      </ul>
      {footer}
    </div>
  );
}

export const POLL_DURATIONS: Array<[number, Parameters<typeof t>[0]]> = [
  [300, 'pollDuration5m'],
  [1800, 'pollDuration30m'],
  [3600, 'pollDuration1h'],
  [21600, 'pollDuration6h'],
  [86400, 'pollDuration1d'],
  [259200, 'pollDuration3d'],
  [604800, 'pollDuration7d'],
];

export interface PollDraft {
  options: string[];
  expiresIn: number;
  multiple: boolean;
}

/** The composer's poll editor: 2 to 4 options, a duration, single or multiple choice. */
export function PollEditor(props: { id: string; draft: PollDraft; onChange: (d: PollDraft) => void }) {
  const { draft, id } = props;
  const set = (patch: Partial<PollDraft>) => props.onChange({ ...draft, ...patch });
  return (
    <fieldset class="poll-editor">
      <legend class="small">{t('poll')}</legend>
      {draft.options.map((o, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: options are edited in place, their position is their identity
        <div key={i} class="poll-editor-row">
          <label class="sr-only" for={`${id}-opt-${i}`}>
            {t('pollOption', { n: i + 1 })}
          </label>
          <input
            id={`${id}-opt-${i}`}
            class="input"
            maxLength={50}
            placeholder={t('pollOption', { n: i + 1 })}
            value={o}
            onInput={(e) => {
              const v = e.currentTarget.value;
              set({ options: draft.options.map((x, j) => (j === i ? v : x)) });
            }}
          />
          {draft.options.length > 2 && (
            <button
              type="button"
              class="btn-small"
              aria-label={t('pollRemoveOption', { n: i + 1 })}
              onClick={() => set({ options: draft.options.filter((_, j) => j !== i) })}
            >
              ×
            </button>
          )}
        </div>
      ))}
      <div class="poll-editor-row">
        {draft.options.length < 4 && (
          <button type="button" class="btn-small" onClick={() => set({ options: [...draft.options, ''] })}>
            {t('pollAddOption')}
          </button>
        )}
        <label class="sr-only" for={`${id}-duration`}>
          {t('pollDuration')}
        </label>
        <select id={`${id}-duration`} class="select" value={String(draft.expiresIn)} onChange={(e) => set({ expiresIn: Number(e.currentTarget.value) })}>
          {POLL_DURATIONS.map(([s, key]) => (
            <option key={s} value={String(s)}>
              {t(key)}
            </option>
          ))}
        </select>
        <label class="small">
          <input type="checkbox" checked={draft.multiple} onChange={(e) => set({ multiple: e.currentTarget.checked })} /> {t('pollMultiple')}
        </label>
      </div>
    </fieldset>
  );
}
