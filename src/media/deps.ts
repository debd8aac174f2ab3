import type { Infra } from '../infra/infra.js';
import type { HashListState } from './hash-lists/matcher.js';
import type { MediaStorage } from './storage/storage.js';
import type { VideoProcessor } from './video-processor.js';

/** What storing and releasing media files uses: the storage, and the database to learn which keys are still named. */
export type MediaFilesDeps = Pick<Infra, 'db' | 'logger'> & { mediaStorage: MediaStorage };

/** What matching an upload against the hash lists uses (matchImage, matchVideoFrames). */
export type HashMatchDeps = Pick<Infra, 'db' | 'config'> & { hashLists: HashListState };

/** What refusing a matched upload uses: a moderation case (db, ids) and the log. */
export type MatchRefusalDeps = Pick<Infra, 'db' | 'ids' | 'logger'>;

/** What processing an upload uses (the job `media.process`): files, the video tools, hash lists, the media limits, a case on a match. */
export type ProcessUploadDeps = MediaFilesDeps & HashMatchDeps & MatchRefusalDeps & { videoProcessor: VideoProcessor };

/** What an upload uses: processing's dependencies, and the job queue for a video processed later. */
export type MediaDeps = ProcessUploadDeps & Pick<Infra, 'jobs'>;
