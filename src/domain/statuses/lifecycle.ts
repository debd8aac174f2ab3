import type { StatusLifecycle } from '../../moderation/publication.js';
import { publishHeldStatus, purge } from './statuses.service.js';

/** The statuses area's side of moderation's port: releasing a held post and deleting one. */
export const statusLifecycle: StatusLifecycle = { publishHeld: publishHeldStatus, purge };
