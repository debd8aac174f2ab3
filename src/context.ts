import { randomInt } from 'node:crypto';
import type { KvStore } from '@fedify/fedify';
import { type CachedPage, createHomePageCache } from './api/page-cache.js';
import { registerStreaming } from './api/v1/streaming.js';
import type { Config } from './config/config.js';
import { createDb } from './db/create-db.js';
import { createIdGenerator } from './db/ids.js';
import { migrateToLatest } from './db/migrations/index.js';
import { createTokenCache, type TokenCache } from './domain/auth/tokens.js';
import type { PreviewCardRow } from './domain/cards/cards.store.js';
import { registerConversations } from './domain/conversations/register.js';
import { startInstanceSettings } from './domain/instance/instance-settings.js';
import { registerJobs } from './domain/jobs.js';
import { registerPolls } from './domain/polls/polls.service.js';
import type { DeletedStatusHook, DirectStatusHook, EditedStatusHook, PublishedStatusHook, UpvoteHook } from './domain/statuses/hooks.js';
import { createStatusLifecycle } from './domain/statuses/lifecycle.js';
import { registerScheduled } from './domain/statuses/scheduled.service.js';
import { createStatusPartsCache, type StatusParts } from './domain/statuses/status-parts.js';
import { createFederationService, type FederationService } from './federation/federation.js';
import { startFederation } from './federation/start.js';
import { createBullMqJobs, processNumber, redisScope } from './infra/bullmq-jobs.js';
import { createClusterEventBus } from './infra/cluster-events.js';
import { createMemoryEventBus } from './infra/events.js';
import type { FreshCache } from './infra/fresh-cache.js';
import type { Infra } from './infra/infra.js';
import { createInProcessJobs } from './infra/jobs.js';
import { createLifecycle } from './infra/lifecycle.js';
import { type LruMap, TimedMemo } from './infra/memo.js';
import { registerMetricSources } from './infra/metric-sources.js';
import { createMetrics, queryTimer } from './infra/metrics.js';
import { createRedisEventBus } from './infra/redis-events.js';
import { startVersions, type VersionsState } from './infra/versions.js';
import { createLogger, type Logger } from './logger.js';
import { createHashListState, type HashListState } from './media/hash-lists/matcher.js';
import { createMediaStorage } from './media/storage/create-storage.js';
import type { MediaStorage } from './media/storage/storage.js';
import { createVideoProcessor, type VideoProcessor } from './media/video-processor.js';
import { createModeration, type ModerationServices, startModeration } from './moderation/moderation.service.js';
import type { StatusLifecycle } from './moderation/publication.js';
import { createShield, type Shield } from './shield/shield.service.js';
import { createPushState, type PushState } from './web/push/push.service.js';

export type { Infra, ServerHook } from './infra/infra.js';

/** Each area's long-lived state; a test can pass any of them in (ContextOptions.overrides). */
export interface Services {
  /** The change clock behind every per-process cache (src/infra/versions.ts). */
  versions: VersionsState;
  /** Resolved access tokens (src/domain/auth/tokens.ts). */
  tokenCache: TokenCache;
  /** Rendered home pages; null when HOME_CACHE_MB is 0 (src/api/page-cache.ts). */
  homePages: FreshCache<CachedPage> | null;
  /** What a post shows that only an edit changes: mentions, tags, media, application (src/domain/statuses/status-parts.ts). */
  statusParts: LruMap<string, StatusParts>;
  /** Link-card fetches under way, one per URL (src/domain/cards). */
  cardFetches: Map<string, Promise<PreviewCardRow | null>>;
  /** Instance documents and counts, kept seconds (src/domain/instance). */
  instanceMemo: TimedMemo;
  moderation: ModerationServices;
  /** Moderation's way to release a held post or delete one, implemented by the statuses area (src/domain/statuses/lifecycle.ts). */
  statusLifecycle: StatusLifecycle;
  shield: Shield;
  webPush: PushState;
  /** Open streaming connections per account in this process (src/domain/streaming/connections.ts). */
  streamSlots: Map<string, number>;
  /** Run after a direct post is committed (the conversations area listens). */
  directStatusHooks: DirectStatusHook[];
  /** The hash lists uploads are matched against, in memory, rebuilt when a list changes (src/media/hash-lists). */
  hashLists: HashListState;
  /** Where media files live: local files or an S3-compatible bucket (src/media/storage). */
  mediaStorage: MediaStorage;
  /** Videos and animated GIFs made into MP4s, their frames matched against the hash lists (src/media/video-processor.ts). */
  videoProcessor: VideoProcessor;
  /** ActivityPub through Fedify, its store and queue on the database (src/federation). */
  federation: FederationService;
  /** Run after a published post's first fan-out job (federation delivers through one). */
  publishedStatusHooks: PublishedStatusHook[];
  /** Run after a published post's edit is announced (federation sends Update). */
  editedStatusHooks: EditedStatusHook[];
  /** Run after a post is deleted for good (federation sends Delete). */
  deletedStatusHooks: DeletedStatusHook[];
  /** Run after an upvote is added or taken back (federation sends Like, Undo). */
  upvoteHooks: UpvoteHook[];
  /** Fedify's key-value store (the same as federation.kv), named for the handlers' narrow type. */
  federationKv: KvStore;
}

/**
 * Everything a request or a job may need, built once at start by createContext (the composition root) and handed
 * down, never imported as a singleton. Areas do not take the whole: each declares the part it uses as a narrow
 * type (`ListsDeps`, `StatusesDeps`...), which AppContext satisfies structurally, so the compiler checks that a
 * service reaches only what it declares and a test can pass just that.
 */
export type AppContext = Infra & Services;

export interface ContextOptions {
  logger?: Logger;
  /** Skip running migrations (the CLI's migrate command runs them itself). */
  migrate?: boolean;
  /** Redis key prefix (tests give each run its own); by default one per database (see redisScope). */
  redisPrefix?: string;
  /** Services to use instead of the ones built from the configuration (tests' stand-ins). */
  overrides?: Partial<Services>;
}

export async function createContext(config: Config, opts: ContextOptions = {}): Promise<AppContext> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const database = await createDb(config.databaseUrl, { poolMax: config.dbPoolMax });
  // Reads that tolerate lag may go to a replica (READ_DATABASE_URL); they never write.
  const replica = config.readDatabaseUrl ? await createDb(config.readDatabaseUrl, { poolMax: config.dbPoolMax }) : null;
  if (opts.migrate !== false) {
    const { applied } = await migrateToLatest(database.db, database.dialect);
    if (applied.length) logger.info({ applied }, 'database migrated');
  }
  // With REDIS_URL, stream events and background jobs cross processes (several Tribune processes behind one load balancer).
  const redisPrefix = config.redisUrl ? (opts.redisPrefix ?? `tribune:${await redisScope(database.db)}:`) : '';
  const metrics = createMetrics();
  const onFailed = (job: string) => metrics.jobFailures.inc({ job });
  // Without Redis, the processes of `tribune serve --workers N` share events through their primary.
  const events = config.redisUrl
    ? createRedisEventBus(config.redisUrl, { logger, prefix: `${redisPrefix}events:` })
    : config.workerSlot !== undefined
      ? createClusterEventBus()
      : createMemoryEventBus();
  const jobs = config.redisUrl
    ? createBullMqJobs(config.redisUrl, { logger, prefix: `${redisPrefix}bull`, onFailed, work: config.runJobs })
    : createInProcessJobs(logger, { onFailed, closeLimitMs: config.shutdownTimeoutMs });
  // Processes sharing the database need distinct ID nodes: numbered through Redis, else picked at random (CLI beside the server).
  // (the workers of `tribune serve --workers N` by their slot).
  const idNode = config.redisUrl ? await processNumber(config.redisUrl, redisPrefix) : (config.workerSlot ?? randomInt(64));
  const onClose: Array<() => Promise<void>> = [];
  const infra: Infra = {
    config,
    db: database.db.withPlugin(queryTimer(metrics)),
    readDb: (replica ?? database).db.withPlugin(queryTimer(metrics)),
    dialect: database.dialect,
    ids: createIdGenerator(config.secretKey, idNode),
    events,
    jobs,
    logger,
    metrics,
    lifecycle: createLifecycle(),
    serverHooks: [],
    onClose,
    async close() {
      await jobs.close();
      for (const fn of [...onClose].reverse()) await fn();
      await events.close();
      await replica?.close();
      await database.close();
    },
  };
  const o = opts.overrides ?? {};
  const versions = o.versions ?? startVersions(infra);
  const mediaStorage = o.mediaStorage ?? (await createMediaStorage(config));
  const federation = o.federation ?? createFederationService(infra, { redisPrefix });
  const deletedStatusHooks = o.deletedStatusHooks ?? [];
  const services: Services = {
    versions,
    tokenCache: o.tokenCache ?? createTokenCache(versions.versions),
    homePages: o.homePages !== undefined ? o.homePages : createHomePageCache(versions.versions, config.homeCacheBytes),
    statusParts: o.statusParts ?? createStatusPartsCache(),
    cardFetches: o.cardFetches ?? new Map(),
    instanceMemo: o.instanceMemo ?? new TimedMemo(),
    moderation: o.moderation ?? (await createModeration(config.moderation, logger)),
    statusLifecycle: o.statusLifecycle ?? createStatusLifecycle({ db: infra.db, events, jobs, config, logger, versions, mediaStorage, deletedStatusHooks }),
    shield: o.shield ?? (await createShield(infra)),
    webPush: o.webPush ?? (await createPushState(database.db)),
    streamSlots: o.streamSlots ?? new Map(),
    directStatusHooks: o.directStatusHooks ?? [],
    hashLists: o.hashLists ?? createHashListState(),
    mediaStorage,
    videoProcessor: o.videoProcessor ?? createVideoProcessor(),
    federation,
    publishedStatusHooks: o.publishedStatusHooks ?? [],
    editedStatusHooks: o.editedStatusHooks ?? [],
    deletedStatusHooks,
    upvoteHooks: o.upvoteHooks ?? [],
    federationKv: federation.kv,
  };
  onClose.push(() => services.mediaStorage.close());
  const ctx: AppContext = Object.assign(infra, services);
  startAreas(ctx);
  registerMetricSources(ctx, database.poolStats);
  return ctx;
}

// Jobs, sweeps, server hooks and listeners between areas, started once the context is whole.
function startAreas(ctx: AppContext): void {
  registerJobs(ctx);
  registerStreaming(ctx);
  registerConversations(ctx);
  startModeration(ctx);
  registerPolls(ctx);
  registerScheduled(ctx);
  startInstanceSettings(ctx);
  startFederation(ctx);
}
