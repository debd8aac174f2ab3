import { useEffect, useState } from 'preact/hooks';
import { AccountRow } from '../components/account';
import { DisplayName, errorText, Icon, PageTitle } from '../components/common';
import { StatusCard, statusPath } from '../components/status';
import { PagedList } from '../components/timeline';
import { api } from '../lib/api';
import { relativeTime, t } from '../lib/i18n';
import type { Account } from '../lib/session';
import { listen } from '../lib/stream';
import { type Status, toast } from '../lib/ui-state';

export interface Notification {
  id: string;
  type: string;
  created_at: string;
  account: Account;
  status?: Status | null;
  /** admin.report: Mastodon's Report entity. */
  report?: { id: string; comment: string; category: string; target_account: Account | null };
}

const ICON: Record<string, string> = {
  favourite: 'up',
  reblog: 'echo',
  follow: 'user',
  follow_request: 'user',
  mention: 'reply',
  update: 'pen',
  quote: 'echo',
  status: 'bell',
  'admin.report': 'flag',
  moderation_warning: 'flag',
};

function FollowRequestActions(props: { account: Account }) {
  const [done, setDone] = useState<string | null>(null);
  const act = async (what: 'authorize' | 'reject') => {
    try {
      await api(`/api/v1/follow_requests/${props.account.id}/${what}`, { method: 'POST' });
      setDone(what === 'authorize' ? t('accepted') : t('rejected'));
    } catch (e) {
      toast(errorText(e));
    }
  };
  if (done) return <span class="muted">{done}</span>;
  return (
    <span class="row-actions">
      <button type="button" class="btn btn-primary" onClick={() => act('authorize')}>
        {t('accept')}
      </button>
      <button type="button" class="btn" onClick={() => act('reject')}>
        {t('reject')}
      </button>
    </span>
  );
}

export function NotificationItem(props: { n: Notification }) {
  const n = props.n;
  if ((n.type === 'mention' || n.type === 'status') && n.status) return <StatusCard status={n.status} />;
  const who = (
    <a href={`/@${n.account.acct}`}>
      <strong>
        <DisplayName account={n.account} />
      </strong>
    </a>
  );
  const key = `notif_${n.type}` as any;
  const text = t(key) === key ? t('notif_other') : t(key);
  return (
    <div class="notification">
      <p class="notification-line">
        <Icon name={ICON[n.type] ?? 'bell'} /> {who} {text} <span class="muted small">· {relativeTime(n.created_at)}</span>
      </p>
      {n.status && <a class="notification-status" href={statusPath(n.status)} dangerouslySetInnerHTML={{ __html: n.status.content }} />}
      {n.type === 'admin.report' && (
        <>
          {n.report && (
            <p class="mod-quote">
              @{n.report.target_account?.acct ?? '?'} · {n.report.category}
              {n.report.comment && ` · ${n.report.comment}`}
            </p>
          )}
          <p>
            <a href="/moderation">{t('openQueue')}</a>
          </p>
        </>
      )}
      {n.type === 'moderation_warning' && (
        <p>
          <a href="/settings/moderation">{t('seeDecision')}</a>
        </p>
      )}
      {(n.type === 'follow' || n.type === 'follow_request') && (
        <AccountRow account={n.account} actions={n.type === 'follow_request' ? <FollowRequestActions account={n.account} /> : undefined} />
      )}
    </div>
  );
}

export function NotificationsScreen() {
  useEffect(() => {
    // Reading the list marks everything as seen (Mastodon's markers API).
    api<Notification[]>('/api/v1/notifications', { query: { limit: 1 } })
      .then((list) => list[0] && api('/api/v1/markers', { body: { notifications: { last_read_id: list[0].id } } }).catch(() => {}))
      .catch(() => {});
  }, []);
  return (
    <>
      <PageTitle>{t('notifications')}</PageTitle>
      <PagedList<Notification>
        source="/api/v1/notifications?limit=20"
        label={t('notifications')}
        render={(n) => <NotificationItem n={n} />}
        live={{ stream: 'user', pick: (event, payload) => (event === 'notification' ? (payload as Notification) : null) }}
        empty={{ title: t('emptyNotifications'), hint: t('emptyNotificationsHint') }}
      />
    </>
  );
}

/** The unread count shown in the navigation, kept live by the user stream. */
export function useUnreadNotifications(signedIn: boolean): [number, () => void] {
  const [count, setCount] = useState(0);
  useEffect(() => {
    if (!signedIn) return;
    return listen('user', (m) => {
      if (m.event === 'notification') setCount((c) => c + 1);
    });
  }, [signedIn]);
  return [count, () => setCount(0)];
}
