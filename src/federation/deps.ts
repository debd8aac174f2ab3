import type { KvStore } from '@fedify/fedify';
import type { RelationshipsDeps } from '../domain/relationships/relationships.service.js';
import type { StatusesDeps } from '../domain/statuses/deps.js';
import type { ModerationDeps } from '../moderation/moderation.service.js';

/**
 * What federation's handlers use (Fedify hands it to every dispatcher and inbox listener as its context data):
 * the statuses writers (a remote post is screened and stored like a local one), the relationships service
 * (follows across servers), moderation (reports from other servers) and Fedify's key-value store. AppContext satisfies it.
 */
export type FederationDeps = StatusesDeps & RelationshipsDeps & ModerationDeps & { federationKv: KvStore };
