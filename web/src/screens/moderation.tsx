// The moderators' screens: the unified queue, a case and its decision, appeals, and the audit log.
// Loaded on demand (its own chunk), so people who never moderate do not download it.
import { useEffect, useState } from 'preact/hooks';
import { Empty, ErrorBox, errorText, FormError, Loading, PageTitle, SubmitRow } from '../components/common';
import { PagedList } from '../components/timeline';
import { mt, mtOr } from '../i18n/moderation';
import { ApiError, api } from '../lib/api';
import type { AdminAppealEntity, AuditEntity, CaseDetailEntity, CaseEntity, ModeratedPostEntity } from '../lib/entities';
import { fullDate, getLang, relativeTime, t, useLang } from '../lib/i18n';
import { ADMIN_SCOPES, askForAdminScopes, lacksAdminScopes, startSignIn } from '../lib/oauth';
import { match } from '../lib/router';
import { getMe, isStaff, useSession } from '../lib/session';
import { toast } from '../lib/ui-state';
import { AnnouncementsAdminScreen } from './moderation-announcements';
import { FiguresScreen } from './moderation-figures';
import { kindLabel } from './my-moderation';

type Appeal = AdminAppealEntity;

const CATEGORIES = ['violence', 'glorification', 'harassment', 'illegal', 'spam', 'other'];
const DECISIONS = ['dismiss', 'approve', 'remove', 'limit', 'sensitive', 'suspend'] as const;

/** The API answers 403 both to non-staff and to a token without admin scopes; say which. */
function Denied(props: { error: unknown }) {
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

type Tab = 'queue' | 'appeals' | 'audit' | 'figures' | 'announcements';

// Mastodon's role permission bit 1: administrator. Announcements are the admins' (the API answers moderators 403).
const isAdmin = () => (Number(getMe()?.role?.permissions ?? 0) & 1) === 1;

function Tabs(props: { current: Tab }) {
  const link = (href: string, key: Tab, label: string) => (
    <a href={href} class="btn" aria-current={props.current === key ? 'page' : undefined}>
      {label}
    </a>
  );
  return (
    <nav class="mod-tabs" aria-label={t('moderation')}>
      {link('/moderation', 'queue', mt('queue'))}
      {link('/moderation/appeals', 'appeals', mt('appeals'))}
      {link('/moderation/audit', 'audit', mt('auditLog'))}
      {link('/moderation/figures', 'figures', t('figuresTab'))}
      {isAdmin() && link('/moderation/announcements', 'announcements', mt('announcementsTab'))}
    </nav>
  );
}

function Scores(props: { scores: Record<string, number> }) {
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
function Reading(props: { c: CaseEntity }) {
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

function Post(props: { post: ModeratedPostEntity; label?: string }) {
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

function CaseSummary(props: { c: CaseEntity }) {
  const c = props.c;
  return (
    <article class="mod-item" aria-labelledby={`case-${c.id}`}>
      <h3 id={`case-${c.id}`}>
        <a href={`/moderation/cases/${c.id}`}>
          {mtOr(`cat_${c.category}`, c.category)} · @{c.target_account?.account.acct ?? '?'}
        </a>
      </h3>
      <p class="muted small">
        <span class={c.severity >= 300 ? 'sev-high' : undefined}>{mt('severity', { n: c.severity })}</span>
        {c.reach !== null && <> · {mt('reach', { n: c.reach })}</>} · {mtOr(`source_${c.source}`, c.source)} ·{' '}
        <time datetime={c.created_at}>{relativeTime(c.created_at)}</time>
        {c.resolution && <> · {mt('resolution', { resolution: mtOr(`act_${c.resolution}`, c.resolution) })}</>}
      </p>
      {c.status ? <Post post={c.status} /> : <p class="muted">{mt('noPost')}</p>}
      <Reading c={c} />
      <Scores scores={c.scores} />
    </article>
  );
}

function QueueScreen(props: { state: string }) {
  const [cases, setCases] = useState<CaseEntity[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [more, setMore] = useState(false);
  const load = async (offset: number) => {
    try {
      const list = await api<CaseEntity[]>('/api/v1/admin/tribune/cases', { query: { state: props.state, limit: 40, offset } });
      setCases((prev) => (offset === 0 ? list : [...(prev ?? []), ...list]));
      setMore(list.length === 40);
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => {
    setCases(null);
    setError(null);
    load(0);
  }, [props.state]);
  return (
    <>
      <nav class="mod-tabs" aria-label={mt('queue')}>
        {(['open', 'resolved', 'all'] as const).map((s) => (
          <a key={s} href={`/moderation?state=${s}`} class="btn-small" aria-current={props.state === s ? 'page' : undefined}>
            {mt(s)}
          </a>
        ))}
      </nav>
      {error ? (
        <Denied error={error} />
      ) : !cases ? (
        <Loading />
      ) : cases.length === 0 ? (
        <Empty title={mt('emptyQueue')} />
      ) : (
        <section aria-label={mt('queue')}>
          {cases.map((c) => (
            <CaseSummary key={c.id} c={c} />
          ))}
          {more && (
            <p class="load-more">
              <button type="button" class="btn" onClick={() => load(cases.length)}>
                {t('loadMore')}
              </button>
            </p>
          )}
        </section>
      )}
    </>
  );
}

function DecideForm(props: { c: CaseDetailEntity; rules: Array<{ id: string; text: string }>; done: (c: CaseEntity) => void }) {
  const c = props.c;
  const held = c.status?.state === 'pending';
  const [action, setAction] = useState<(typeof DECISIONS)[number]>(held ? 'approve' : 'dismiss');
  const [rule, setRule] = useState(CATEGORIES.includes(c.category) ? c.category : 'other');
  const [reason, setReason] = useState('');
  const [duration, setDuration] = useState('forever');
  const [scope, setScope] = useState<'status' | 'account'>(c.status ? 'status' : 'account');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const available = DECISIONS.filter((d) => (d === 'approve' ? held : d === 'remove' ? !!c.status : true));
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { action, rule, reason };
      if (action === 'suspend' && duration !== 'forever') body.duration = Number(duration);
      if (action === 'limit' || action === 'sensitive') body.scope = scope;
      const res = await api<{ case: CaseEntity }>(`/api/v1/admin/tribune/cases/${c.id}/decide`, { body });
      toast(mt('decided', { resolution: res.case.resolution ?? action }));
      props.done(res.case);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card form" onSubmit={submit} aria-labelledby="decide-title">
      <h2 id="decide-title">{mt('decide')}</h2>
      <label for="mod-action">{mt('action')}</label>
      <select id="mod-action" class="select" value={action} onChange={(e) => setAction(e.currentTarget.value as any)}>
        {available.map((d) => (
          <option key={d} value={d}>
            {mt(`act_${d}`)}
          </option>
        ))}
      </select>
      {(action === 'limit' || action === 'sensitive') && c.status && (
        <>
          <label for="mod-scope">{mt('scope')}</label>
          <select id="mod-scope" class="select" value={scope} onChange={(e) => setScope(e.currentTarget.value as any)}>
            <option value="status">{mt('scope_status')}</option>
            <option value="account">{mt('scope_account')}</option>
          </select>
        </>
      )}
      {action === 'suspend' && (
        <>
          <label for="mod-duration">{mt('duration')}</label>
          <select id="mod-duration" class="select" value={duration} onChange={(e) => setDuration(e.currentTarget.value)}>
            {['86400', '604800', '2592000', 'forever'].map((d) => (
              <option key={d} value={d}>
                {mt(`dur_${d}` as any)}
              </option>
            ))}
          </select>
        </>
      )}
      <label for="mod-rule">{mt('rule')}</label>
      <select id="mod-rule" class="select" value={rule} onChange={(e) => setRule(e.currentTarget.value)}>
        {props.rules.length > 0 && (
          <optgroup label={mt('serverRules')}>
            {props.rules.map((r) => (
              <option key={r.id} value={r.id}>
                {r.text}
              </option>
            ))}
          </optgroup>
        )}
        <optgroup label={mt('categories')}>
          {CATEGORIES.map((k) => (
            <option key={k} value={k}>
              {mt(`cat_${k}` as any)}
            </option>
          ))}
        </optgroup>
      </select>
      <label for="mod-reason">{mt('reason')}</label>
      <textarea
        id="mod-reason"
        class="input"
        rows={3}
        maxLength={5000}
        required={action !== 'dismiss' && action !== 'approve'}
        value={reason}
        onInput={(e) => setReason(e.currentTarget.value)}
      />
      <FormError error={error} />
      <SubmitRow label={mt('confirm')} disabled={busy} />
    </form>
  );
}

function CaseScreen(props: { id: string }) {
  const [c, setC] = useState<CaseDetailEntity | null>(null);
  const [rules, setRules] = useState<Array<{ id: string; text: string }>>([]);
  const [error, setError] = useState<unknown>(null);
  const load = () => api<CaseDetailEntity>(`/api/v1/admin/tribune/cases/${props.id}`).then(setC).catch(setError);
  useEffect(() => {
    load();
    api<Array<{ id: string; text: string }>>('/api/v1/instance/rules')
      .then(setRules)
      .catch(() => {});
  }, [props.id]);
  if (error) return <Denied error={error} />;
  if (!c) return <Loading />;
  const author = c.target_account;
  const assign = async (self: boolean) => {
    try {
      await api(`/api/v1/admin/tribune/cases/${c.id}/${self ? 'assign_to_self' : 'unassign'}`, { method: 'POST' });
      load();
    } catch (e) {
      toast(errorText(e));
    }
  };
  return (
    <>
      <PageTitle>{`${mt('case')} ${c.id}`}</PageTitle>
      <p>
        <a href="/moderation">{mt('back')}</a>
      </p>
      <section class="card" aria-labelledby="case-post">
        <h2 id="case-post">
          {mtOr(`cat_${c.category}`, c.category)} · {mtOr(`source_${c.source}`, c.source)}
        </h2>
        <p class="muted small">
          {mt('severity', { n: c.severity })} · {mtOr(`state_${c.state}`, c.state)}
          {c.resolution && <> · {mt('resolution', { resolution: mtOr(`act_${c.resolution}`, c.resolution) })}</>}
        </p>
        {c.thread.ancestors.length > 0 && (
          <>
            <h3>{mt('earlier')}</h3>
            {c.thread.ancestors.map((p) => (
              <Post key={p.id} post={p} />
            ))}
          </>
        )}
        {c.status ? <Post post={c.status} label={mt('post')} /> : <p class="muted">{mt('noPost')}</p>}
        {c.thread.replies.length > 0 && (
          <>
            <h3>{mt('replies')}</h3>
            {c.thread.replies.map((p) => (
              <Post key={p.id} post={p} />
            ))}
          </>
        )}
        <h3>{mt('scores')}</h3>
        <Reading c={c} />
        <Scores scores={c.scores} />
        {c.state !== 'resolved' && (
          <button type="button" class="btn-small" onClick={() => assign(!c.assigned_account_id)}>
            {c.assigned_account_id ? mt('unassign') : mt('assignToMe')}
          </button>
        )}
      </section>
      {c.state !== 'resolved' && <DecideForm c={c} rules={rules} done={() => load()} />}
      <div class="mod-grid">
        <section class="card" aria-labelledby="case-author">
          <h2 id="case-author">{mt('author')}</h2>
          {author && (
            <p>
              <a href={`/@${author.account.acct}`}>@{author.account.acct}</a>
              <span class="muted small">
                {' '}
                · {mt('followersPosts', { followers: author.account.followers_count, posts: author.account.statuses_count })}
                {author.suspended && ` · ${mt('suspended')}`}
                {author.silenced && ` · ${mt('limited')}`}
              </span>
            </p>
          )}
          <h3>{mt('previousActions')}</h3>
          {c.previous_actions.length === 0 ? (
            <p class="muted">{mt('none')}</p>
          ) : (
            <ul>
              {c.previous_actions.map((a) => (
                <li key={a.id}>
                  {kindLabel(a.tribune.kind)} · {fullDate(a.created_at)}
                  {a.tribune.rule && ` · ${a.tribune.rule_text ?? a.tribune.rule}`}
                  {a.text && <span class="muted"> · {a.text}</span>}
                </li>
              ))}
            </ul>
          )}
          <h3>{mt('authorHistory')}</h3>
          {c.author_recent_statuses.length === 0 ? <p class="muted">{mt('none')}</p> : c.author_recent_statuses.map((p) => <Post key={p.id} post={p} />)}
        </section>
        <section class="card" aria-labelledby="case-reports">
          <h2 id="case-reports">{mt('reports')}</h2>
          {c.reports.length === 0 ? (
            <p class="muted">{mt('none')}</p>
          ) : (
            c.reports.map((r) => (
              <div key={r.id} class="mod-item">
                <p class="small">
                  {mt('reportBy', { acct: r.account?.account.acct ?? '?', category: r.category })} ·{' '}
                  <time datetime={r.created_at}>{relativeTime(r.created_at)}</time>
                </p>
                {r.comment && <p class="mod-quote">{r.comment}</p>}
                {r.rules.length > 0 && <p class="muted small">{r.rules.map((x) => x.text).join(' · ')}</p>}
              </div>
            ))
          )}
        </section>
      </div>
    </>
  );
}

function AppealItem(props: { appeal: Appeal }) {
  const [a, setA] = useState(props.appeal);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const decide = async (decision: 'approve' | 'reject') => {
    setError(null);
    try {
      setA(await api<Appeal>(`/api/v1/admin/tribune/appeals/${a.id}/decide`, { body: { decision, reason } }));
      toast(mt('appealDecided'));
    } catch (e) {
      setError(errorText(e));
    }
  };
  const id = `appeal-reason-${a.id}`;
  return (
    <article class="mod-item" aria-labelledby={`appeal-${a.id}`}>
      <h3 id={`appeal-${a.id}`}>{mt('appealBy', { acct: a.account?.account.acct ?? '?' })}</h3>
      <p class="muted small">
        {mt('appealedAction', { kind: kindLabel(a.action.tribune.kind) })} · {fullDate(a.action.created_at)}
        {a.action.tribune.rule && ` · ${a.action.tribune.rule_text ?? a.action.tribune.rule}`}
      </p>
      {a.action.text && <p class="muted">{a.action.text}</p>}
      <p class="mod-quote">{a.text}</p>
      {a.state === 'pending' ? (
        <div class="form">
          <label for={id}>{mt('decisionReason')}</label>
          <textarea id={id} class="input" rows={2} maxLength={5000} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          <FormError error={error} />
          <div class="form-actions">
            <button type="button" class="btn btn-primary" onClick={() => decide('approve')}>
              {mt('upholdAppeal')}
            </button>
            <button type="button" class="btn" onClick={() => decide('reject')}>
              {mt('rejectAppeal')}
            </button>
          </div>
        </div>
      ) : (
        <p>
          <strong>{mt(a.state)}</strong>
          {a.decision_reason && <span class="muted"> · {a.decision_reason}</span>}
        </p>
      )}
    </article>
  );
}

function AppealsScreen() {
  return (
    <PagedList<Appeal>
      source="/api/v1/admin/tribune/appeals?state=pending&limit=40"
      label={mt('appeals')}
      render={(a) => <AppealItem appeal={a} />}
      empty={{ title: mt('emptyAppeals') }}
    />
  );
}

function AuditScreen() {
  return (
    <PagedList<AuditEntity>
      source="/api/v1/admin/tribune/audit_log?limit=40"
      label={mt('auditLog')}
      render={(e) => (
        <div class="mod-item">
          <p>
            <strong>{e.action}</strong> · {mt('target', { type: e.target_type, id: e.target_id ?? '' })}
            {e.rule && ` · ${e.rule}`}
          </p>
          <p class="muted small">
            <time datetime={e.created_at}>{fullDate(e.created_at)}</time> · {mt('by', { who: e.actor_id ?? mt('system') })}
            {e.reason && ` · ${e.reason}`}
          </p>
        </div>
      )}
      empty={{ title: mt('emptyAudit') }}
    />
  );
}

/** Every /moderation path. */
export function ModerationRoot(props: { path: string; query: URLSearchParams }) {
  useLang();
  const { me } = useSession();
  // Sign-in asks everyone for the base scopes only: staff get the admin ones here, on first use.
  if (isStaff(me) && lacksAdminScopes() && askForAdminScopes(getLang(), props.path + (props.query.size ? `?${props.query}` : ''))) return <Loading />;
  const byId = match('/moderation/cases/:id', props.path);
  if (byId) return <CaseScreen id={byId.id!} />;
  const tab: Tab =
    props.path === '/moderation/appeals'
      ? 'appeals'
      : props.path === '/moderation/audit'
        ? 'audit'
        : props.path === '/moderation/figures'
          ? 'figures'
          : props.path === '/moderation/announcements'
            ? 'announcements'
            : 'queue';
  const state = props.query.get('state') ?? 'open';
  return (
    <>
      <PageTitle>{t('moderation')}</PageTitle>
      <Tabs current={tab} />
      {tab === 'queue' && <QueueScreen state={['open', 'resolved', 'all'].includes(state) ? state : 'open'} />}
      {tab === 'appeals' && <AppealsScreen />}
      {tab === 'audit' && <AuditScreen />}
      {tab === 'figures' && <FiguresScreen />}
      {tab === 'announcements' && <AnnouncementsAdminScreen denied={(e) => <Denied error={e} />} />}
    </>
  );
}
