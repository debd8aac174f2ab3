import { useEffect, useState } from 'preact/hooks';
import { AccountRow } from '../components/account';
import { errorText, FormError, PageTitle, SubmitRow } from '../components/common';
import { PagedList } from '../components/timeline';
import { api } from '../lib/api';
import type { AccountEntity, CredentialAccountEntity } from '../lib/entities';
import { type Lang, setLang, t, useLang } from '../lib/i18n';
import { signOut } from '../lib/oauth';
import { pushState, subscribePush, unsubscribePush } from '../lib/push';
import { navigate } from '../lib/router';
import { getMe, setSession } from '../lib/session';
import { getTheme, setTheme, type Theme } from '../lib/theme';
import { toast } from '../lib/ui-state';
import { ArchiveSection, DeleteAccountSection, ImportSection } from './account-data';
import { AliasesSection } from './aliases';

export function PreferencesForm() {
  const lang = useLang();
  const [theme, setThemeState] = useState<Theme>(getTheme());
  return (
    <div class="form-row-group">
      <label for="pref-lang">{t('language')}</label>
      <select id="pref-lang" class="select" value={lang} onChange={(e) => setLang(e.currentTarget.value as Lang)}>
        <option value="en">English</option>
        <option value="fr">Français</option>
      </select>
      <label for="pref-theme">{t('theme')}</label>
      <select
        id="pref-theme"
        class="select"
        value={theme}
        onChange={(e) => {
          const v = e.currentTarget.value as Theme;
          setTheme(v);
          setThemeState(v);
        }}
      >
        <option value="system">{t('themeSystem')}</option>
        <option value="light">{t('themeLight')}</option>
        <option value="dark">{t('themeDark')}</option>
      </select>
    </div>
  );
}

function PushSettings() {
  const [status, setStatus] = useState<string>('loading');
  const refresh = () => pushState().then(setStatus);
  useEffect(() => {
    refresh();
  }, []);
  const run = async (fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (e) {
      toast(errorText(e));
    }
    refresh();
  };
  return (
    <section class="card" aria-labelledby="push-title">
      <h2 id="push-title">{t('pushTitle')}</h2>
      <p class="muted">{t(`push_${status}` as any)}</p>
      {status === 'off' && (
        <button type="button" class="btn btn-primary" onClick={() => run(subscribePush)}>
          {t('pushEnable')}
        </button>
      )}
      {status === 'on' && (
        <button type="button" class="btn" onClick={() => run(unsubscribePush)}>
          {t('pushDisable')}
        </button>
      )}
    </section>
  );
}

function ProfileForm() {
  const me = getMe()!;
  const [displayName, setDisplayName] = useState(me.display_name);
  const [note, setNote] = useState(me.source?.note ?? me.note.replace(/<[^>]+>/g, ''));
  const [locked, setLocked] = useState(me.locked);
  const [privacy, setPrivacy] = useState(me.source?.privacy ?? 'public');
  const [avatar, setAvatar] = useState<File | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async (e: Event) => {
    e.preventDefault();
    setSaving(true);
    setError(null);
    const form = new FormData();
    form.set('display_name', displayName);
    form.set('note', note);
    form.set('locked', locked ? 'true' : 'false');
    form.set('source[privacy]', privacy);
    if (avatar) form.set('avatar', avatar);
    try {
      const updated = await api<CredentialAccountEntity>('/api/v1/accounts/update_credentials', { method: 'PATCH', body: form });
      setSession({ me: updated });
      toast(t('saved'));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form class="card form" onSubmit={save} aria-labelledby="profile-title">
      <h2 id="profile-title">{t('profile')}</h2>
      <label for="set-name">{t('displayName')}</label>
      <input id="set-name" class="input" value={displayName} maxLength={30} onInput={(e) => setDisplayName(e.currentTarget.value)} />
      <label for="set-note">{t('bio')}</label>
      <textarea id="set-note" class="input" rows={4} maxLength={500} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      <label for="set-avatar">{t('avatar')}</label>
      <input id="set-avatar" type="file" accept="image/png,image/jpeg,image/gif,image/webp" onChange={(e) => setAvatar(e.currentTarget.files?.[0] ?? null)} />
      <label for="set-privacy">{t('defaultVisibility')}</label>
      <select id="set-privacy" class="select" value={privacy} onChange={(e) => setPrivacy(e.currentTarget.value)}>
        <option value="public">{t('vis_public')}</option>
        <option value="unlisted">{t('vis_unlisted')}</option>
        <option value="private">{t('vis_private')}</option>
      </select>
      <label class="checkbox">
        <input type="checkbox" checked={locked} onChange={(e) => setLocked(e.currentTarget.checked)} /> {t('lockedAccount')}
      </label>
      <p class="muted small">{t('lockedHint')}</p>
      <FormError error={error} />
      <SubmitRow label={t('save')} disabled={saving} />
    </form>
  );
}

function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (next !== confirm) {
      setError(t('passwordsDiffer'));
      return;
    }
    setBusy(true);
    try {
      await api('/api/v1/tribune/account/password', { body: { current_password: current, new_password: next } });
      setCurrent('');
      setNext('');
      setConfirm('');
      toast(t('passwordChanged'));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card form" onSubmit={save} aria-labelledby="password-title">
      <h2 id="password-title">{t('changePassword')}</h2>
      <p class="muted small">{t('passwordChangeHint')}</p>
      <label for="pw-current">{t('currentPassword')}</label>
      <input
        id="pw-current"
        class="input"
        type="password"
        autocomplete="current-password"
        required
        value={current}
        onInput={(e) => setCurrent(e.currentTarget.value)}
      />
      <label for="pw-new">{t('newPassword')}</label>
      <input
        id="pw-new"
        class="input"
        type="password"
        autocomplete="new-password"
        required
        minLength={8}
        maxLength={256}
        value={next}
        onInput={(e) => setNext(e.currentTarget.value)}
      />
      <label for="pw-confirm">{t('confirmNewPassword')}</label>
      <input
        id="pw-confirm"
        class="input"
        type="password"
        autocomplete="new-password"
        required
        value={confirm}
        onInput={(e) => setConfirm(e.currentTarget.value)}
      />
      <FormError error={error} />
      <SubmitRow label={t('changePassword')} disabled={busy} />
    </form>
  );
}

export function SettingsScreen() {
  return (
    <>
      <PageTitle>{t('settings')}</PageTitle>
      <ProfileForm />
      <section class="card" aria-labelledby="prefs-title">
        <h2 id="prefs-title">{t('preferences')}</h2>
        <PreferencesForm />
      </section>
      <PushSettings />
      <PasswordForm />
      <AliasesSection />
      <ArchiveSection />
      <ImportSection />
      <section class="card" aria-labelledby="account-title">
        <h2 id="account-title">{t('account')}</h2>
        <ul class="link-list">
          <li>
            <a href="/settings/blocks">{t('blockedAccounts')}</a>
          </li>
          <li>
            <a href="/settings/mutes">{t('mutedAccounts')}</a>
          </li>
          <li>
            <a href="/settings/filters">{t('filters')}</a>
          </li>
          <li>
            <a href="/bookmarks">{t('bookmarks')}</a>
          </li>
          <li>
            <a href="/upvoted">{t('upvoted')}</a>
          </li>
          <li>
            <a href="/scheduled">{t('scheduledPosts')}</a>
          </li>
          <li>
            <a href="/settings/moderation">{t('myModeration')}</a>
          </li>
        </ul>
        <button
          type="button"
          class="btn"
          onClick={async () => {
            await signOut();
            navigate('/', { replace: true });
          }}
        >
          {t('signOut')}
        </button>
      </section>
      <DeleteAccountSection />
    </>
  );
}

export function RelationListScreen(props: { kind: 'blocks' | 'mutes' }) {
  const undo = async (a: AccountEntity, remove: (id: string) => void) => {
    try {
      await api(`/api/v1/accounts/${a.id}/${props.kind === 'blocks' ? 'unblock' : 'unmute'}`, { method: 'POST' });
      remove(a.id);
    } catch (e) {
      toast(errorText(e));
    }
  };
  const title = props.kind === 'blocks' ? t('blockedAccounts') : t('mutedAccounts');
  return (
    <>
      <PageTitle>{title}</PageTitle>
      <PagedList<AccountEntity>
        source={`/api/v1/${props.kind}?limit=40`}
        label={title}
        render={(a, remove) => (
          <AccountRow
            account={a}
            actions={
              <button type="button" class="btn" onClick={() => undo(a, remove)}>
                {props.kind === 'blocks' ? t('unblock') : t('unmute')}
              </button>
            }
          />
        )}
        empty={{ title: props.kind === 'blocks' ? t('emptyBlocks') : t('emptyMutes') }}
      />
    </>
  );
}
