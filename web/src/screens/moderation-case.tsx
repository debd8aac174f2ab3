import { useEffect, useState } from 'preact/hooks';
import { errorText, FormError, Loading, PageTitle, SubmitRow } from '../components/common';
import { mt, mtOr } from '../i18n/moderation';
import { api } from '../lib/api';
import type { CaseDetailEntity, CaseEntity } from '../lib/entities';
import { fullDate, relativeTime } from '../lib/i18n';
import { toast } from '../lib/ui-state';
import { Denied, Post, Reading, Scores } from './moderation-parts';
import { kindLabel } from './my-moderation';

// A case and its decision: the post, its thread, the scores and reports, what was done before, and the form to decide.

const CATEGORIES = ['violence', 'glorification', 'harassment', 'illegal', 'spam', 'other'];
const DECISIONS = ['dismiss', 'approve', 'remove', 'limit', 'sensitive', 'suspend'] as const;

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

export function CaseScreen(props: { id: string }) {
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
                  {r.tribune_origin_domain && <>{mt('reportFrom', { domain: r.tribune_origin_domain })} · </>}
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
