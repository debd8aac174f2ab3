import { Announcements } from '../components/announcements';
import { PageTitle } from '../components/common';
import { Compose } from '../components/compose';
import { FollowSuggestions } from '../components/side-panel';
import { liveStatuses, StatusList } from '../components/timeline';
import { t } from '../lib/i18n';
import { getMe } from '../lib/session';
import { useUi } from '../lib/ui-state';

export function HomeScreen() {
  const me = getMe();
  const ui = useUi();
  return (
    <>
      <PageTitle>{t('home')}</PageTitle>
      {!ui.offline && <Announcements />}
      {/* Offline, the saved timeline is read-only: nothing to post until the connection is back. */}
      {!ui.offline && <Compose />}
      <StatusList
        source="/api/v1/timelines/home?limit=20"
        label={t('homeTimeline')}
        cacheKey="tribune.timeline.home"
        live={liveStatuses('user')}
        acceptOwn={(s) => s.account.id === me?.id && !s.in_reply_to_id && s.visibility !== 'direct'}
        empty={{
          title: t('emptyHome'),
          // Newcomers are offered people to follow straight away (the most followed accounts here).
          hint: (
            <>
              <p>
                <a href="/public">{t('emptyHomeNewcomer')}</a>
              </p>
              <FollowSuggestions id="home-who-to-follow" limit={5} />
            </>
          ),
        }}
      />
    </>
  );
}

export function PublicScreen() {
  return (
    <>
      <PageTitle>{t('publicTimeline')}</PageTitle>
      <StatusList
        source="/api/v1/timelines/public?local=true&limit=20"
        label={t('publicTimeline')}
        live={getMe() ? liveStatuses('public:local') : undefined}
        empty={{ title: t('emptyPublic'), hint: t('emptyPublicHint') }}
      />
    </>
  );
}

export function TagScreen(props: { tag: string }) {
  return (
    <>
      <PageTitle>#{props.tag}</PageTitle>
      <StatusList
        source={`/api/v1/timelines/tag/${encodeURIComponent(props.tag)}?limit=20`}
        label={`#${props.tag}`}
        live={getMe() ? liveStatuses(`hashtag:${props.tag.toLowerCase()}`) : undefined}
        empty={{ title: t('emptyTag', { tag: props.tag }) }}
      />
    </>
  );
}

export function BookmarksScreen() {
  return (
    <>
      <PageTitle>{t('bookmarks')}</PageTitle>
      <StatusList source="/api/v1/bookmarks?limit=20" label={t('bookmarks')} empty={{ title: t('emptyBookmarks'), hint: t('emptyBookmarksHint') }} />
    </>
  );
}

export function UpvotesScreen() {
  return (
    <>
      <PageTitle>{t('upvoted')}</PageTitle>
      <StatusList source="/api/v1/favourites?limit=20" label={t('upvoted')} empty={{ title: t('emptyUpvoted') }} />
    </>
  );
}
