// The moderators' screens: the unified queue, a case and its decision, appeals, and the audit log.
// Loaded on demand (its own chunk), so people who never moderate do not download it.
import { useEffect, useState } from 'preact/hooks';
import { Empty, errorText, FormError, Loading, PageTitle } from '../components/common';
import { PagedList } from '../components/timeline';
import { mt, mtOr } from '../i18n/moderation';
import { api } from '../lib/api';
import type { AdminAppealEntity, AuditEntity, CaseEntity } from '../lib/entities';
import { fullDate, getLang, relativeTime, t, useLang } from '../lib/i18n';
import { askForAdminScopes, lacksAdminScopes } from '../lib/oauth';
import { match } from '../lib/router';
import { getMe, isStaff, useSession } from '../lib/session';
import { toast } from '../lib/ui-state';
import { AnnouncementsAdminScreen } from './moderation-announcements';
import { CaseScreen } from './moderation-case';
import { FiguresScreen } from './moderation-figures';
import { Denied, Post, Reading, Scores } from './moderation-parts';
import { kindLabel } from './my-moderation';

type Appeal = AdminAppealEntity;

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
