import { useEffect, useState } from 'preact/hooks';
import { Avatar, ErrorBox, Icon, Loading } from './components/common';
import { ComposeDialog, ReportDialog } from './components/dialogs';
import { SidePanel } from './components/side-panel';
import { ApiError, api } from './lib/api';
import type { CredentialAccountEntity } from './lib/entities';
import { t, useLang } from './lib/i18n';
import { mediaLimits } from './lib/media-rules';
import { finishSignIn } from './lib/oauth';
import { match, navigate, useLocation } from './lib/router';
import { getToken, isStaff, setSession, useSession } from './lib/session';
import { ensure as ensureStream } from './lib/stream';
import { setUi, useUi } from './lib/ui-state';
import { startUnread, useUnreadCount } from './lib/unread';
import { FiltersScreen } from './screens/filters';
import { BookmarksScreen, HomeScreen, PublicScreen, TagScreen, UpvotesScreen } from './screens/home';
import { LandingScreen, loadInstance, SignInScreen, SignUpScreen } from './screens/landing';
import { ListScreen, ListsScreen } from './screens/lists';
import { MyModerationScreen } from './screens/my-moderation';
import { NotificationsScreen } from './screens/notifications';
import { ProfileScreen, type ProfileTab } from './screens/profile';
import { ScheduledScreen } from './screens/scheduled';
import { SearchScreen } from './screens/search';
import { RelationListScreen, SettingsScreen } from './screens/settings';
import { StatusRedirect, ThreadScreen } from './screens/thread';

function OAuthCallback() {
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    finishSignIn(new URLSearchParams(location.search))
      .then((to) => navigate(to, { replace: true }))
      .catch((e) => setError(e instanceof Error && e.message === 'state' ? new Error(t('errOAuthState')) : e));
  }, []);
  return error ? (
    <div class="narrow">
      <ErrorBox error={error} />
      <a class="btn" href="/signin">
        {t('signIn')}
      </a>
    </div>
  ) : (
    <Loading />
  );
}

const NEEDS_SESSION = ['/home', '/notifications', '/settings', '/bookmarks', '/upvoted', '/moderation', '/lists', '/scheduled'];

type ModerationModule = typeof import('./screens/moderation');
let moderationModule: Promise<ModerationModule> | null = null;

/** The moderators' screens are a chunk of their own, fetched the first time one is opened. */
function LazyModeration(props: { path: string; query: URLSearchParams }) {
  const [mod, setMod] = useState<ModerationModule | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    moderationModule ??= import('./screens/moderation');
    moderationModule.then(setMod).catch((e) => {
      moderationModule = null;
      setError(e);
    });
  }, []);
  if (error) return <ErrorBox error={error} />;
  return mod ? <mod.ModerationRoot path={props.path} query={props.query} /> : <Loading />;
}

function Screen(props: { path: string; query: URLSearchParams; signedIn: boolean }) {
  const { path, query, signedIn } = props;
  if (path === '/') return signedIn ? <HomeScreen /> : <LandingScreen />;
  if (NEEDS_SESSION.some((p) => path === p || path.startsWith(`${p}/`)) && !signedIn) {
    return (
      <div class="narrow card">
        <p>{t('signInRequired')}</p>
        <a class="btn btn-primary" href="/signin">
          {t('signIn')}
        </a>
      </div>
    );
  }
  if (path === '/home') return <HomeScreen />;
  if (path === '/public' || path === '/explore') return <PublicScreen />;
  if (path === '/signin') return <SignInScreen />;
  if (path === '/signup') return <SignUpScreen />;
  if (path === '/oauth-callback') return <OAuthCallback />;
  if (path === '/notifications') return <NotificationsScreen />;
  if (path === '/search') return <SearchScreen q={query.get('q') ?? ''} />;
  if (path === '/settings') return <SettingsScreen />;
  if (path === '/settings/moderation') return <MyModerationScreen />;
  if (path === '/settings/filters') return <FiltersScreen />;
  if (path === '/moderation' || path.startsWith('/moderation/')) return <LazyModeration path={path} query={query} />;
  if (path === '/settings/blocks') return <RelationListScreen kind="blocks" />;
  if (path === '/settings/mutes') return <RelationListScreen kind="mutes" />;
  if (path === '/bookmarks') return <BookmarksScreen />;
  if (path === '/upvoted') return <UpvotesScreen />;
  if (path === '/lists') return <ListsScreen />;
  if (path === '/scheduled') return <ScheduledScreen />;
  const list = match('/lists/:id', path);
  if (list) return <ListScreen id={list.id!} />;
  const tag = match('/tags/:tag', path);
  if (tag) return <TagScreen tag={tag.tag!} />;
  const byId = match('/statuses/:id', path);
  if (byId) return <StatusRedirect id={byId.id!} />;
  const tab = match('/@:acct/:tab', path);
  if (tab && ['replies', 'media', 'followers', 'following'].includes(tab.tab!)) return <ProfileScreen acct={tab.acct!} tab={tab.tab as ProfileTab} />;
  if (tab && /^\d+$/.test(tab.tab!)) return <ThreadScreen id={tab.tab!} />;
  const profile = match('/@:acct', path);
  if (profile) return <ProfileScreen acct={profile.acct!} tab="posts" />;
  return <ErrorBox error={new ApiError(404, 'Not found')} />;
}

/** False while the page is being scrolled down, true again when it is scrolled up or is near the top. */
function useShownOnScrollUp(): boolean {
  const [shown, setShown] = useState(true);
  useEffect(() => {
    let last = window.scrollY;
    const onScroll = () => {
      const y = window.scrollY;
      if (Math.abs(y - last) < 8) return;
      setShown(y < last || y < 80);
      last = y;
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => window.removeEventListener('scroll', onScroll);
  }, []);
  return shown;
}

function Nav(props: { me: CredentialAccountEntity | null; path: string }) {
  const unread = useUnreadCount();
  const ui = useUi();
  const fabShown = useShownOnScrollUp();
  const item = (href: string, icon: string, label: string, extra?: preact.ComponentChildren) => (
    <li>
      <a href={href} aria-current={props.path === href || (href === '/home' && props.path === '/') ? 'page' : undefined}>
        <Icon name={icon} size={24} />
        <span class="nav-label">{label}</span>
        {extra}
      </a>
    </li>
  );
  if (!props.me) {
    return (
      <nav class="nav" aria-label={t('mainNav')}>
        <ul>
          {item('/', 'home', t('welcome'))}
          {item('/public', 'globe', t('explore'))}
          {item('/search', 'search', t('search'))}
          {item('/signin', 'user', t('signIn'))}
        </ul>
      </nav>
    );
  }
  return (
    <nav class="nav" aria-label={t('mainNav')}>
      <ul>
        {item('/home', 'home', t('home'))}
        {item(
          '/notifications',
          'bell',
          t('notifications'),
          unread > 0 ? (
            <span class="dot">
              <span aria-hidden="true">{unread}</span>
              <span class="sr-only">{t('unread', { n: unread })}</span>
            </span>
          ) : undefined,
        )}
        {item('/search', 'search', t('search'))}
        {item('/public', 'globe', t('explore'))}
        {item('/lists', 'list', t('lists'))}
        {item(`/@${props.me.acct}`, 'user', t('myProfile'))}
        {item('/settings', 'gear', t('settings'))}
        {isStaff(props.me) && item('/moderation', 'flag', t('moderation'))}
      </ul>
      <button
        type="button"
        class={`btn btn-primary compose-fab${fabShown ? '' : ' fab-away'}`}
        disabled={ui.offline}
        title={ui.offline ? t('offlineAction') : undefined}
        onClick={() => setUi({ compose: {} })}
        aria-label={t('newPost')}
      >
        <Icon name="pen" /> <span class="nav-label">{t('newPost')}</span>
      </button>
    </nav>
  );
}

// Keyboard shortcuts as in Mastodon's web app: j/k move between posts, n writes a post, / searches.
function onShortcut(e: KeyboardEvent): void {
  const el = e.target as HTMLElement;
  if (e.ctrlKey || e.metaKey || e.altKey || el.closest('input, textarea, select, [contenteditable], dialog')) return;
  if (e.key === 'j' || e.key === 'k') {
    const posts = [...document.querySelectorAll<HTMLElement>('main article.status')];
    if (!posts.length) return;
    const i = posts.indexOf(document.activeElement as HTMLElement);
    const next = posts[e.key === 'j' ? Math.min(i + 1, posts.length - 1) : Math.max(i - 1, 0)];
    next?.focus();
    next?.scrollIntoView({ block: 'nearest' });
    e.preventDefault();
  } else if (e.key === 'n' && getToken()) {
    setUi({ compose: {} });
    e.preventDefault();
  } else if (e.key === '/') {
    navigate('/search');
    requestAnimationFrame(() => document.getElementById('search-q')?.focus());
    e.preventDefault();
  }
}

export function App() {
  useLang();
  useEffect(() => {
    document.addEventListener('keydown', onShortcut);
    return () => document.removeEventListener('keydown', onShortcut);
  }, []);
  const { path, query } = useLocation();
  const session = useSession();
  const ui = useUi();
  const [booting, setBooting] = useState(!!getToken());

  useEffect(() => {
    loadInstance()
      .then((i) => {
        // Features and limits come from the instance document, as any client reads them: no probing requests.
        const max = i.configuration?.statuses?.max_characters;
        const translation = 'translation' in (i.configuration ?? {}) && !!(i.configuration as { translation?: { enabled?: boolean } }).translation?.enabled;
        setUi({ media: mediaLimits(i), translation, ...(max ? { maxChars: max } : {}) });
      })
      .catch(() => {});
  }, []);

  useEffect(() => {
    ensureStream();
    startUnread(session.token);
    if (!session.token) {
      setBooting(false);
      return;
    }
    api<CredentialAccountEntity>('/api/v1/accounts/verify_credentials')
      .then((me) => setSession({ me }))
      .catch((e) => {
        if (e instanceof ApiError && (e.status === 401 || e.status === 403)) setSession({ token: null, me: null });
      })
      .finally(() => setBooting(false));
  }, [session.token]);

  useEffect(() => {
    const main = document.getElementById('main');
    if (main && document.activeElement && document.activeElement !== document.body) main.focus({ preventScroll: true });
  }, [path]);

  const signedIn = !!session.token && !!session.me;
  return (
    <>
      <a class="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <div class="layout">
        <header class="top">
          <a class="brand" href="/">
            Tribune
          </a>
          {session.me && (
            <a class="top-me" href={`/@${session.me.acct}`} aria-label={t('myProfile')}>
              <Avatar account={session.me} size={32} />
            </a>
          )}
        </header>
        <Nav me={session.me} path={path} />
        <main id="main" tabIndex={-1}>
          {booting ? <Loading /> : <Screen path={path} query={query} signedIn={signedIn} />}
        </main>
        {!booting && !path.startsWith('/moderation') && <SidePanel />}
      </div>
      <ComposeDialog />
      <ReportDialog />
      {ui.toast && (
        <div class="toast" role="status">
          {ui.toast}
        </div>
      )}
    </>
  );
}
