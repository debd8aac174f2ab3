import type { Hono } from 'hono';
import { webRoutes } from '../web/routes.js';
import { transparencyRoutes } from './about-transparency.js';
import type { AppEnv } from './env.js';
import { oauthRoutes } from './oauth.js';
import { shieldRoutes } from './shield.js';
import { systemRoutes } from './system.js';
import { systemMediaRoutes } from './system-media.js';
import { accountsRoutes } from './v1/accounts.js';
import { adminAccountsRoutes } from './v1/admin/accounts.js';
import { adminDomainBlocksRoutes } from './v1/admin/domain-blocks.js';
import { adminHashListsRoutes } from './v1/admin/hash-lists.js';
import { adminReportsRoutes } from './v1/admin/reports.js';
import { adminShieldRoutes } from './v1/admin/shield.js';
import { adminTribuneRoutes } from './v1/admin/tribune.js';
import { announcementsRoutes } from './v1/announcements.js';
import { appsRoutes } from './v1/apps.js';
import { blocksRoutes } from './v1/blocks.js';
import { conversationsRoutes } from './v1/conversations.js';
import { customEmojisRoutes } from './v1/custom-emojis.js';
import { domainBlocksRoutes } from './v1/domain-blocks.js';
import { endorsementsRoutes } from './v1/endorsements.js';
import { featuredTagsRoutes } from './v1/featured-tags.js';
import { filtersV1Routes } from './v1/filters.js';
import { followRequestsRoutes } from './v1/follow-requests.js';
import { instanceRoutes } from './v1/instance.js';
import { listsRoutes } from './v1/lists.js';
import { mediaRoutes } from './v1/media.js';
import { mutesRoutes } from './v1/mutes.js';
import { notificationRequestsRoutes } from './v1/notification-requests.js';
import { notificationsRoutes } from './v1/notifications.js';
import { placeholderRoutes } from './v1/placeholders.js';
import { pollsRoutes } from './v1/polls.js';
import { pushRoutes } from './v1/push.js';
import { reportsRoutes } from './v1/reports.js';
import { scheduledStatusesRoutes } from './v1/scheduled-statuses.js';
import { statusesRoutes } from './v1/statuses.js';
import { streamingRoutes } from './v1/streaming.js';
import { suggestionsRoutes } from './v1/suggestions.js';
import { timelinesRoutes } from './v1/timelines.js';
import { translationRoutes } from './v1/translation.js';
import { trendsLinksRoutes } from './v1/trends-links.js';
import { tribuneAccountRoutes } from './v1/tribune-account.js';
import { tribuneDataRoutes } from './v1/tribune-data.js';
import { tribuneModerationRoutes } from './v1/tribune-moderation.js';
import { tribuneMovingRoutes } from './v1/tribune-moving.js';
import { filtersRoutes } from './v2/filters.js';
import { mediaV2Routes } from './v2/media.js';
import { searchRoutes } from './v2/search.js';
import { wellKnownRoutes } from './well-known.js';

// Every route module uses full paths (/api/v1/statuses/:id) so a path is found by grepping for it.
export function mountRoutes(app: Hono<AppEnv>): void {
  for (const routes of [
    wellKnownRoutes,
    oauthRoutes,
    appsRoutes,
    shieldRoutes,
    adminShieldRoutes,
    instanceRoutes,
    accountsRoutes,
    followRequestsRoutes,
    blocksRoutes,
    domainBlocksRoutes,
    mutesRoutes,
    suggestionsRoutes,
    systemRoutes,
    systemMediaRoutes,
    mediaRoutes,
    mediaV2Routes,
    statusesRoutes,
    scheduledStatusesRoutes,
    pollsRoutes,
    timelinesRoutes,
    listsRoutes,
    notificationRequestsRoutes,
    notificationsRoutes,
    conversationsRoutes,
    filtersRoutes,
    filtersV1Routes,
    searchRoutes,
    streamingRoutes,
    pushRoutes,
    reportsRoutes,
    tribuneModerationRoutes,
    tribuneAccountRoutes,
    tribuneMovingRoutes,
    tribuneDataRoutes,
    adminReportsRoutes,
    adminAccountsRoutes,
    adminTribuneRoutes,
    adminHashListsRoutes,
    adminDomainBlocksRoutes,
    transparencyRoutes,
    featuredTagsRoutes,
    endorsementsRoutes,
    translationRoutes,
    announcementsRoutes,
    trendsLinksRoutes,
    customEmojisRoutes,
    placeholderRoutes,
    webRoutes(app),
  ]) {
    app.route('/', routes);
  }
}
