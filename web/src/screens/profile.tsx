import { useEffect, useState } from 'preact/hooks';
import { AccountRow, FollowButton, useRelationship } from '../components/account';
import { Avatar, CountText, closeMenu, DisplayName, ErrorBox, errorText, Loading } from '../components/common';
import { PagedList, StatusList } from '../components/timeline';
import { api } from '../lib/api';
import type { AccountEntity } from '../lib/entities';
import { t } from '../lib/i18n';
import { getMe } from '../lib/session';
import { setUi, toast } from '../lib/ui-state';
import { ListsMenu } from './lists';

export type ProfileTab = 'posts' | 'replies' | 'media' | 'followers' | 'following';
const TABS: ProfileTab[] = ['posts', 'replies', 'media', 'followers', 'following'];

export function ProfileScreen(props: { acct: string; tab: ProfileTab }) {
  const [account, setAccount] = useState<AccountEntity | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [rel, setRel] = useRelationship(account?.id);
  const me = getMe();

  useEffect(() => {
    setAccount(null);
    setError(null);
    api<AccountEntity>('/api/v1/accounts/lookup', { query: { acct: props.acct } })
      .then((a) => {
        setAccount(a);
        document.title = `${a.display_name || a.username} (@${a.acct})`;
      })
      .catch(setError);
  }, [props.acct]);

  if (error) return <ErrorBox error={error} />;
  if (!account) return <Loading />;
  const a = account;
  const base = `/@${a.acct}`;

  const toggle = async (what: 'block' | 'mute') => {
    if (!rel) return;
    const on = what === 'block' ? rel.blocking : rel.muting;
    if (!on && !confirm(t(what === 'block' ? 'confirmBlock' : 'confirmMute', { name: a.acct }))) return;
    try {
      setRel(await api(`/api/v1/accounts/${a.id}/${on ? 'un' : ''}${what}`, { method: 'POST' }));
    } catch (e) {
      toast(errorText(e));
    }
  };

  const source =
    props.tab === 'posts'
      ? `/api/v1/accounts/${a.id}/statuses?exclude_replies=true&limit=20`
      : props.tab === 'replies'
        ? `/api/v1/accounts/${a.id}/statuses?limit=20`
        : props.tab === 'media'
          ? `/api/v1/accounts/${a.id}/statuses?only_media=true&limit=20`
          : `/api/v1/accounts/${a.id}/${props.tab}?limit=40`;

  return (
    <>
      <section class="profile" aria-labelledby="profile-name">
        {a.header && !a.header.endsWith('missing.png') && <img class="profile-header" src={a.header} alt="" />}
        <div class="profile-top">
          <Avatar account={a} size={88} />
          <div class="profile-buttons">
            {me?.id === a.id ? (
              <a class="btn" href="/settings">
                {t('editProfile')}
              </a>
            ) : (
              <>
                <FollowButton account={a} rel={rel} onChange={setRel} />
                {me && (
                  <button type="button" class="btn" onClick={() => setUi({ compose: { mention: a } })}>
                    {t('mention')}
                  </button>
                )}
                {me && rel?.following && <ListsMenu account={a} />}
                {me && rel && (
                  <details class="menu">
                    <summary class="btn" aria-label={t('more')}>
                      …
                    </summary>
                    {/* biome-ignore lint/a11y/useKeyWithClickEvents: closes the menu after a choice made with its buttons (keyboard included) */}
                    <div class="menu-items" role="menu" onClick={closeMenu}>
                      <button type="button" role="menuitem" onClick={() => toggle('mute')}>
                        {rel.muting ? t('unmute') : t('mute')}
                      </button>
                      <button type="button" role="menuitem" class="danger" onClick={() => toggle('block')}>
                        {rel.blocking ? t('unblock') : t('block')}
                      </button>
                      <button type="button" role="menuitem" onClick={() => setUi({ report: { account: a } })}>
                        {t('report')}
                      </button>
                    </div>
                  </details>
                )}
              </>
            )}
          </div>
        </div>
        <h1 id="profile-name" class="profile-name">
          <DisplayName account={a} /> {a.locked && <span title={t('lockedAccount')}>🔒</span>}
        </h1>
        <p class="muted">
          @{a.acct}
          {rel?.followed_by && <span class="badge">{t('followsYou')}</span>}
        </p>
        <div class="profile-note" dangerouslySetInnerHTML={{ __html: a.note }} />
        <p class="profile-counts">
          <CountText base="posts" n={a.statuses_count} /> ·{' '}
          <a href={`${base}/following`}>
            <CountText base="following" n={a.following_count} />
          </a>{' '}
          ·{' '}
          <a href={`${base}/followers`}>
            <CountText base="followers" n={a.followers_count} />
          </a>
        </p>
      </section>
      <nav class="tabs" aria-label={t('profileSections')}>
        {TABS.map((tab) => (
          <a key={tab} href={tab === 'posts' ? base : `${base}/${tab}`} aria-current={props.tab === tab ? 'page' : undefined}>
            {t(`tab_${tab}` as any)}
          </a>
        ))}
      </nav>
      {props.tab === 'followers' || props.tab === 'following' ? (
        <PagedList<AccountEntity>
          source={source}
          label={t(`tab_${props.tab}` as any)}
          render={(acc) => <AccountRow account={acc} />}
          empty={{ title: props.tab === 'followers' ? t('emptyFollowers') : t('emptyFollowing') }}
        />
      ) : (
        <StatusList source={source} label={t(`tab_${props.tab}` as any)} empty={{ title: t('emptyProfile') }} />
      )}
    </>
  );
}
