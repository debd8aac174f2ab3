import { useState } from 'preact/hooks';
import { errorText, FormError, PageTitle } from '../components/common';
import { PagedList } from '../components/timeline';
import { api } from '../lib/api';
import type { ActionEntity } from '../lib/entities';
import { fullDate, t } from '../lib/i18n';
import { toast } from '../lib/ui-state';

export function kindLabel(kind: string): string {
  const key = `modKind_${kind}` as any;
  return t(key) === key ? kind : t(key);
}

function AppealForm(props: { action: ActionEntity; done: (a: ActionEntity) => void }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!open) {
    return (
      <button type="button" class="btn" onClick={() => setOpen(true)}>
        {t('appeal')}
      </button>
    );
  }
  const id = `appeal-${props.action.id}`;
  const send = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const updated = await api<ActionEntity>(`/api/v1/tribune/moderation/actions/${props.action.id}/appeal`, { body: { text } });
      toast(t('appealSent'));
      props.done(updated);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="form" onSubmit={send}>
      <label for={id}>{t('appealLabel')}</label>
      <textarea id={id} class="input" rows={3} maxLength={2000} required value={text} onInput={(e) => setText(e.currentTarget.value)} />
      <FormError error={error} />
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={busy || !text.trim()}>
          {t('sendAppeal')}
        </button>
        <button type="button" class="btn" onClick={() => setOpen(false)}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

function ActionItem(props: { action: ActionEntity }) {
  const [a, setA] = useState(props.action);
  const x = a.tribune;
  return (
    <article class="mod-item" aria-labelledby={`act-${a.id}`}>
      <h3 id={`act-${a.id}`}>
        {kindLabel(x.kind)}
        {x.kind === 'suspend' && <span class="muted"> · {x.suspended_until ? t('modUntil', { date: fullDate(x.suspended_until) }) : t('modForGood')}</span>}
      </h3>
      <p class="muted small">
        <time datetime={a.created_at}>{fullDate(a.created_at)}</time>
        {x.rule && <> · {t('modRule', { rule: x.rule_text ?? x.rule })}</>}
        {x.strike && <> · {t('modStrike')}</>}
        {x.automatic && <> · {t('modAutomatic')}</>}
      </p>
      {a.text && <p class="mod-quote">{a.text}</p>}
      {a.status_ids.map((id) => (
        <p key={id} class="small">
          <a href={`/statuses/${id}`}>{t('modSeePost')}</a>
        </p>
      ))}
      {x.reversed_at && <p class="muted">{t('modReversed', { date: fullDate(x.reversed_at) })}</p>}
      {a.appeal && (
        <p>
          <strong>{t(`appeal_${a.appeal.state}`)}</strong>
        </p>
      )}
      {x.appealable && !a.appeal && <AppealForm action={a} done={setA} />}
    </article>
  );
}

export function MyModerationScreen() {
  return (
    <>
      <PageTitle>{t('myModeration')}</PageTitle>
      <p class="muted">{t('myModerationHint')}</p>
      <PagedList<ActionEntity>
        source="/api/v1/tribune/moderation/actions?limit=20"
        label={t('myModeration')}
        render={(a) => <ActionItem action={a} />}
        empty={{ title: t('emptyMyModeration') }}
      />
    </>
  );
}
