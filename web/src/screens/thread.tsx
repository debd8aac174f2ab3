import { useEffect, useState } from 'preact/hooks';
import { ErrorBox, Loading } from '../components/common';
import { Compose } from '../components/compose';
import { StatusCard, statusPath } from '../components/status';
import { api } from '../lib/api';
import type { ContextEntity, StatusEntity } from '../lib/entities';
import { t } from '../lib/i18n';
import { navigate } from '../lib/router';
import { getMe } from '../lib/session';
import { onStatusChange } from '../lib/ui-state';

/** A post with its whole thread: ancestors above, replies below, a reply box for the signed-in. */
export function ThreadScreen(props: { id: string }) {
  const [status, setStatus] = useState<StatusEntity | null>(null);
  const [ancestors, setAncestors] = useState<StatusEntity[]>([]);
  const [descendants, setDescendants] = useState<StatusEntity[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [n, setN] = useState(0);

  useEffect(() => {
    let live = true;
    setError(null);
    Promise.all([api<StatusEntity>(`/api/v1/statuses/${props.id}`), api<ContextEntity>(`/api/v1/statuses/${props.id}/context`)])
      .then(([s, ctx]) => {
        if (!live) return;
        setStatus(s);
        setAncestors(ctx.ancestors);
        setDescendants(ctx.descendants);
        const text = new DOMParser().parseFromString(s.content, 'text/html').body.textContent ?? '';
        document.title = `${s.account.display_name || s.account.username}: “${text.slice(0, 60)}” · Tribune`;
        requestAnimationFrame(() => document.querySelector('.status-focused')?.scrollIntoView({ block: 'start' }));
      })
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [props.id, n]);

  useEffect(
    () =>
      onStatusChange((kind, s) => {
        if (kind === 'created' && s.in_reply_to_id && (s.in_reply_to_id === props.id || descendants.some((d) => d.id === s.in_reply_to_id))) {
          setDescendants((old) => [...old, s]);
        }
        if (kind === 'deleted') {
          if (s.id === props.id) navigate('/home', { replace: true });
          setDescendants((old) => old.filter((d) => d.id !== s.id));
        }
      }),
    [props.id, descendants],
  );

  if (error) return <ErrorBox error={error} retry={() => setN(n + 1)} />;
  if (!status) return <Loading />;
  return (
    <div class="thread">
      {ancestors.map((s) => (
        <StatusCard key={s.id} status={s} inThread />
      ))}
      <StatusCard status={status} focused />
      {getMe() && (
        <div class="thread-reply">
          <Compose request={{ replyTo: status }} />
        </div>
      )}
      <section aria-label={t('replies')}>
        {descendants.map((s) => (
          <div key={s.id} class={s.in_reply_to_id === status.id ? '' : 'nested'}>
            <StatusCard status={s} inThread />
          </div>
        ))}
        {descendants.length === 0 && <p class="muted end">{t('noReplies')}</p>}
      </section>
    </div>
  );
}

/** /statuses/:id: finds the post's permalink. */
export function StatusRedirect(props: { id: string }) {
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<StatusEntity>(`/api/v1/statuses/${props.id}`)
      .then((s) => navigate(statusPath(s), { replace: true }))
      .catch(setError);
  }, [props.id]);
  return error ? <ErrorBox error={error} /> : <Loading />;
}
