import { useEffect, useState } from 'preact/hooks';
import { AccountRow } from '../components/account';
import { DisplayName, errorText, Icon, PageTitle } from '../components/common';
import { FilteredNotifications } from '../components/notification-requests';
import { StatusCard, statusPath } from '../components/status';
import { PagedList } from '../components/timeline';
import { api } from '../lib/api';
import type { AccountEntity, NotificationEntity, NotificationType } from '../lib/entities';
import { type Key, relativeTime, t } from '../lib/i18n';
import { toast } from '../lib/ui-state';
import { notificationsSeen } from '../lib/unread';

// How each notification type shows; a type the server adds fails to compile here until it is given one.
const SHOWN: Record<NotificationType, { icon: string; text: Key }> = {
  mention: { icon: 'reply', text: 'notif_mention' },
  status: { icon: 'bell', text: 'notif_status' },
  reblog: { icon: 'echo', text: 'notif_reblog' },
  follow: { icon: 'user', text: 'notif_follow' },
  follow_request: { icon: 'user', text: 'notif_follow_request' },
  favourite: { icon: 'up', text: 'notif_favourite' },
  poll: { icon: 'bell', text: 'notif_poll' },
  update: { icon: 'pen', text: 'notif_update' },
  quote: { icon: 'echo', text: 'notif_quote' },
  quoted_update: { icon: 'bell', text: 'notif_other' },
  'admin.sign_up': { icon: 'bell', text: 'notif_admin.sign_up' },
  'admin.report': { icon: 'flag', text: 'notif_admin.report' },
  moderation_warning: { icon: 'flag', text: 'notif_moderation_warning' },
  'tribune.archive_ready': { icon: 'bell', text: 'notif_archive_ready' },
};

// Tribune's own types are listed only when asked for by name (Mastodon clients never see them): this app asks
// for every type it knows how to show.
const LIST_SOURCE = `/api/v1/notifications?limit=20&${Object.keys(SHOWN)
  .map((type) => `types[]=${encodeURIComponent(type)}`)
  .join('&')}`;

// The entity's type is a plain string: one this app does not know shows as "did something".
function knownType(type: string): NotificationType | null {
  return Object.hasOwn(SHOWN, type) ? (type as NotificationType) : null;
}

function FollowRequestActions(props: { account: AccountEntity }) {
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

export function NotificationItem(props: { n: NotificationEntity }) {
  const n = props.n;
  const type = knownType(n.type);
  if ((type === 'mention' || type === 'status') && n.status) return <StatusCard status={n.status} />;
  const who = (
    <a href={`/@${n.account.acct}`}>
      <strong>
        <DisplayName account={n.account} />
      </strong>
    </a>
  );
  const shown = type ? SHOWN[type] : null;
  const text = t(shown?.text ?? 'notif_other');
  if (type === 'tribune.archive_ready')
    return (
      <div class="notification">
        <p class="notification-line">
          <Icon name={shown!.icon} /> {text} <span class="muted small">· {relativeTime(n.created_at)}</span>
        </p>
        <p>
          <a href="/settings#archive-title">{t('downloadArchiveInSettings')}</a>
        </p>
      </div>
    );
  return (
    <div class="notification">
      <p class="notification-line">
        <Icon name={shown?.icon ?? 'bell'} /> {who} {text} <span class="muted small">· {relativeTime(n.created_at)}</span>
      </p>
      {n.status && <a class="notification-status" href={statusPath(n.status)} dangerouslySetInnerHTML={{ __html: n.status.content }} />}
      {type === 'admin.report' && (
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
      {type === 'moderation_warning' && (
        <p>
          <a href="/settings/moderation">{t('seeDecision')}</a>
        </p>
      )}
      {(type === 'follow' || type === 'follow_request') && (
        <AccountRow account={n.account} actions={type === 'follow_request' ? <FollowRequestActions account={n.account} /> : undefined} />
      )}
    </div>
  );
}

export function NotificationsScreen() {
  // Accepting a filtered sender brings their notifications into the list: it is read again.
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    // Open, the screen keeps everything read: the marker moves to the newest one (Mastodon's markers API).
    let stop: (() => void) | null = notificationsSeen(null);
    api<NotificationEntity[]>('/api/v1/notifications', { query: { limit: 1 } })
      .then((list) => {
        if (!stop) return;
        stop();
        stop = notificationsSeen(list[0]?.id ?? null);
      })
      .catch(() => {});
    return () => {
      stop?.();
      stop = null;
    };
  }, []);
  return (
    <>
      <PageTitle>{t('notifications')}</PageTitle>
      <FilteredNotifications accepted={() => setGeneration((g) => g + 1)} />
      <PagedList<NotificationEntity>
        key={generation}
        source={LIST_SOURCE}
        label={t('notifications')}
        render={(n) => <NotificationItem n={n} />}
        live={{ stream: 'user', pick: (event, payload) => (event === 'notification' ? (payload as NotificationEntity) : null) }}
        empty={{ title: t('emptyNotifications'), hint: t('emptyNotificationsHint') }}
      />
    </>
  );
}
