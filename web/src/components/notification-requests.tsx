import { useEffect, useState } from 'preact/hooks';
import { api } from '../lib/api';
import type { NotificationRequestEntity as RequestEntity } from '../lib/entities';
import { t, tn } from '../lib/i18n';
import { toast } from '../lib/ui-state';
import { DisplayName, errorText } from './common';
import { StatusText } from './translate';

// Notifications the person's policy filtered (Mastodon 4.3: by default private mentions from people they do not
// follow), one request per sender: accept lets them into the list, dismiss drops them.
export function FilteredNotifications(props: { accepted: () => void }) {
  const [requests, setRequests] = useState<RequestEntity[]>([]);
  useEffect(() => {
    api<RequestEntity[]>('/api/v1/notifications/requests')
      .then(setRequests)
      .catch(() => undefined);
  }, []);
  if (requests.length === 0) return null;

  const decide = async (r: RequestEntity, how: 'accept' | 'dismiss') => {
    try {
      await api(`/api/v1/notifications/requests/${r.id}/${how}`, { method: 'POST' });
      setRequests((old) => old.filter((x) => x.id !== r.id));
      if (how === 'accept') props.accepted();
    } catch (e) {
      toast(errorText(e));
    }
  };

  return (
    <details class="card filtered-notifications">
      <summary>{tn('filteredNotifications', requests.length)}</summary>
      <p class="muted small">{t('filteredNotificationsHint')}</p>
      <ul>
        {requests.map((r) => (
          <li key={r.id} class="filtered-request">
            <p>
              <strong>
                <DisplayName account={r.account} />
              </strong>{' '}
              <span class="muted">@{r.account.acct}</span> · {tn('requestNotifications', Number(r.notifications_count))}
            </p>
            {r.last_status && <StatusText status={r.last_status} />}
            <div class="form-actions">
              <button type="button" class="btn-small" onClick={() => decide(r, 'dismiss')} aria-describedby={`request-${r.id}`}>
                {t('dismissRequest')}
              </button>
              <button type="button" class="btn-small btn-primary" onClick={() => decide(r, 'accept')} aria-describedby={`request-${r.id}`}>
                {t('acceptRequest')}
              </button>
            </div>
            <span id={`request-${r.id}`} class="sr-only">
              @{r.account.acct}
            </span>
          </li>
        ))}
      </ul>
    </details>
  );
}
