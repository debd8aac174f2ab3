import { ErrorBox, Loading } from '../components/common';
import { mt, mtOr } from '../i18n/moderation';
import { ApiError } from '../lib/api';
import type { CaseEntity, ModeratedPostEntity } from '../lib/entities';
import { getLang, relativeTime } from '../lib/i18n';
import { ADMIN_SCOPES, askForAdminScopes, startSignIn } from '../lib/oauth';
import { getMe, isStaff } from '../lib/session';

// What the moderators' screens share: the refusal to non-staff, scores, what screening read, a moderated post.

/** The API answers 403 both to non-staff and to a token without admin scopes; say which. */
export function Denied(props: { error: unknown }) {
  if (props.error instanceof ApiError && props.error.status === 403) {
    const scopes = /scope/i.test(props.error.message);
    // A staff member whose token predates the admin scopes: ask for them straight away (once).
    if (scopes && isStaff(getMe()) && askForAdminScopes(getLang(), location.pathname + location.search)) return <Loading />;
    return (
      <div class="card" role="alert">
        <p>{scopes ? mt('needsScopes') : mt('forbidden')}</p>
        {scopes && (
          <button type="button" class="btn btn-primary" onClick={() => startSignIn(getLang(), location.pathname + location.search, ADMIN_SCOPES)}>
            {mt('signInAgain')}
          </button>
        )}
      </div>
    );
  }
  return <ErrorBox error={props.error} />;
}

export function Scores(props: { scores: Record<string, number> }) {
  const entries = Object.entries(props.scores);
  if (!entries.length) return null;
  return (
    <ul class="mod-scores" aria-label={mt('scores')}>
      {entries.map(([k, v]) => (
        <li key={k} class={v >= 0.5 ? 'sev-high' : undefined}>
          {mtOr(`cat_${k}`, k)}: {v.toFixed(2)}
        </li>
      ))}
    </ul>
  );
}

/** What screening read in the post: its language and the threat form that fired. */
export function Reading(props: { c: CaseEntity }) {
  const { language, form } = props.c;
  if (!language && !form) return null;
  let name = mt('langOther');
  if (language && language !== 'other') {
    try {
      name = new Intl.DisplayNames([getLang()], { type: 'language' }).of(language) ?? language;
    } catch {
      name = language;
    }
  }
  return (
    <p class="mod-reading small">
      {form && (
        <>
          <strong>{mt('readAs')}</strong> {mtOr(`form_${form.replace(/-/g, '_')}`, form)}
          {language && ' · '}
        </>
      )}
      {language && mt('language', { lang: name })}
    </p>
  );
}

export function Post(props: { post: ModeratedPostEntity; label?: string }) {
  const p = props.post;
  return (
    <div class="mod-quote">
      {props.label && <p class="sr-only">{props.label}</p>}
      <p class="muted small">
        <time datetime={p.created_at}>{relativeTime(p.created_at)}</time> · {mt('postState', { state: mtOr(`pstate_${p.state}`, p.state) })}
        {p.sensitive && ` · ${mt('sensitive')}`}
        {p.limited && ` · ${mt('limited')}`}
      </p>
      {p.spoiler_text && (
        <p>
          <strong>{p.spoiler_text}</strong>
        </p>
      )}
      <div class="status-content" dangerouslySetInnerHTML={{ __html: p.content }} />
    </div>
  );
}
