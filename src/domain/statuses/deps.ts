import type { Infra } from '../../infra/infra.js';
import type { ChangeDeps } from '../../infra/versions.js';
import type { MediaStorage } from '../../media/storage/storage.js';
import type { ModerationServices } from '../../moderation/moderation.service.js';
import type { NotifyDeps } from '../notifications/notify.js';
import type { RemoteLookup } from '../search/remote-lookup.js';
import type { DeletedStatusHooksDeps, DirectStatusHooksDeps, EditedStatusHooksDeps, PublishedStatusHooksDeps, UpvoteHooksDeps } from './hooks.js';

/**
 * What the statuses area's writers use (posting, editing, echoes, upvotes, quotes, deleting, scheduled posts): the
 * database, ids, the clock of changes, notifications, jobs, the classifier that screens posts and the media files a deleted post releases. Reading needs
 * less (StatusAccessDeps, StatusLoaderDeps).
 */
export type StatusesDeps = Pick<Infra, 'db' | 'ids' | 'config' | 'events' | 'jobs' | 'logger'> &
  ChangeDeps &
  NotifyDeps &
  DeletedStatusHooksDeps &
  UpvoteHooksDeps & {
    moderation: ModerationServices;
    mediaStorage: MediaStorage;
    /** Resolves mentions of other servers' accounts not stored yet; without it they stay text unless stored. */
    federation?: RemoteLookup;
  };

/** What fan-out uses: the writers' dependencies, the dialect (bulk inserts), close handlers and the direct-post hooks. */
export type FanoutDeps = StatusesDeps & Pick<Infra, 'dialect' | 'onClose'> & DirectStatusHooksDeps & PublishedStatusHooksDeps & EditedStatusHooksDeps;
