import { useEffect, useState } from 'preact/hooks';
import { api } from '../lib/api';
import type { AccountEntity, RelationshipEntity } from '../lib/entities';
import { t } from '../lib/i18n';
import { getMe } from '../lib/session';
import { toast } from '../lib/ui-state';
import { Avatar, DisplayName, errorText } from './common';

export function useRelationship(accountId: string | undefined): [RelationshipEntity | null, (r: RelationshipEntity) => void] {
  const [rel, setRel] = useState<RelationshipEntity | null>(null);
  useEffect(() => {
    setRel(null);
    if (!accountId || !getMe() || getMe()?.id === accountId) return;
    api<RelationshipEntity[]>('/api/v1/accounts/relationships', { query: { id: [accountId] } })
      .then((list) => setRel(list[0] ?? null))
      .catch(() => setRel(null));
  }, [accountId]);
  return [rel, setRel];
}

export function FollowButton(props: { account: AccountEntity; rel: RelationshipEntity | null; onChange: (r: RelationshipEntity) => void }) {
  const [busy, setBusy] = useState(false);
  const me = getMe();
  if (!me || me.id === props.account.id || !props.rel) return null;
  const r = props.rel;
  const label = r.following ? t('unfollow') : r.requested ? t('requested') : t('follow');
  const toggle = async () => {
    setBusy(true);
    try {
      const next = await api<RelationshipEntity>(`/api/v1/accounts/${props.account.id}/${r.following || r.requested ? 'unfollow' : 'follow'}`, {
        method: 'POST',
      });
      props.onChange(next);
    } catch (e) {
      toast(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" class={`btn ${r.following ? '' : 'btn-primary'}`} disabled={busy} onClick={toggle} aria-label={`${label} @${props.account.acct}`}>
      {label}
    </button>
  );
}

export function AccountRow(props: { account: AccountEntity; actions?: preact.ComponentChildren }) {
  const a = props.account;
  return (
    <div class="account-row">
      <a href={`/@${a.acct}`} class="account-link">
        <Avatar account={a} size={40} />
        <span>
          <strong>
            <DisplayName account={a} />
          </strong>
          <br />
          <span class="muted">@{a.acct}</span>
        </span>
      </a>
      {props.actions}
    </div>
  );
}
