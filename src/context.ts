import { randomInt } from 'node:crypto';
import type { Server } from 'node:http';
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { AppEnv } from './api/env.js';
import type { Config } from './config/config.js';
import { createDb, type Dialect } from './db/create-db.js';
import { createIdGenerator, type IdGenerator } from './db/ids.js';
import { migrateToLatest } from './db/migrations/index.js';
import type { DB } from './db/schema.js';
import { createBullMqJobs, processNumber, redisScope } from './infra/bullmq-jobs.js';
import { createMemoryEventBus, type EventBus } from './infra/events.js';
import { createInProcessJobs, type JobQueue } from './infra/jobs.js';
import { createRedisEventBus } from './infra/redis-events.js';
import { createLogger, type Logger } from './logger.js';

/**
 * Everything a request or a job needs, built once at start and handed down (never imported as a singleton).
 * Domain services are plain functions that take this context first: `createStatus(ctx, viewer, input)`.
 * An area that needs long-lived state (a loaded model, limiters) adds it here in a field of its own.
 */
export type ServerHook = (server: Server, app: Hono<AppEnv>, ctx: AppContext) => void;

export interface AppContext {
  config: Config;
  db: Kysely<DB>;
  dialect: Dialect;
  ids: IdGenerator;
  events: EventBus;
  jobs: JobQueue;
  logger: Logger;
  /** Extra per-area state, registered by areas at start (e.g. moderation, shield). */
  services: Record<string, unknown>;
  /** Hooks that need the raw Node server (WebSocket upgrade, socket limits and timeouts), run once it listens. */
  serverHooks: ServerHook[];
  /** Close handlers run on shutdown, last registered first. */
  onClose: Array<() => Promise<void>>;
  close(): Promise<void>;
}

export interface ContextOptions {
  logger?: Logger;
  /** Skip running migrations (the CLI's migrate command runs them itself). */
  migrate?: boolean;
  /** Redis key prefix (tests give each run its own); by default one per database (see redisScope). */
  redisPrefix?: string;
}

export async function createContext(config: Config, opts: ContextOptions = {}): Promise<AppContext> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const database = await createDb(config.databaseUrl);
  if (opts.migrate !== false) {
    const { applied } = await migrateToLatest(database.db, database.dialect);
    if (applied.length) logger.info({ applied }, 'database migrated');
  }
  // With REDIS_URL, stream events and background jobs cross processes (several Tribune processes behind one load balancer).
  const redisPrefix = config.redisUrl ? (opts.redisPrefix ?? `tribune:${await redisScope(database.db)}:`) : '';
  const events = config.redisUrl ? createRedisEventBus(config.redisUrl, { logger, prefix: `${redisPrefix}events:` }) : createMemoryEventBus();
  const jobs = config.redisUrl ? createBullMqJobs(config.redisUrl, { logger, prefix: `${redisPrefix}bull` }) : createInProcessJobs(logger);
  // Processes sharing the database need distinct ID nodes: numbered through Redis, else picked at random (CLI beside the server).
  const idNode = config.redisUrl ? await processNumber(config.redisUrl, redisPrefix) : randomInt(64);
  const ctx: AppContext = {
    config,
    db: database.db,
    dialect: database.dialect,
    ids: createIdGenerator(config.secretKey, idNode),
    events,
    jobs,
    logger,
    services: {},
    serverHooks: [],
    onClose: [],
    async close() {
      await jobs.close();
      for (const fn of [...ctx.onClose].reverse()) await fn();
      await events.close();
      await database.close();
    },
  };
  await registerAreas(ctx);
  return ctx;
}

// Each area that has jobs or long-lived state registers it here at start.
async function registerAreas(ctx: AppContext): Promise<void> {
  (await import('./infra/versions.js')).registerVersions(ctx);
  const { registerJobs } = await import('./domain/jobs.js');
  await registerJobs(ctx);
  await (await import('./shield/shield.service.js')).registerShield(ctx);
  (await import('./api/v1/streaming.js')).registerStreaming(ctx);
  (await import('./domain/conversations/register.js')).registerConversations(ctx);
  await (await import('./moderation/moderation.service.js')).registerModeration(ctx);
  (await import('./domain/polls/polls.service.js')).registerPolls(ctx);
  (await import('./domain/statuses/scheduled.service.js')).registerScheduled(ctx);
}
