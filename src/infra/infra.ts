import type { Server } from 'node:http';
import type { Kysely } from 'kysely';
import type { Config } from '../config/config.js';
import type { Dialect } from '../db/create-db.js';
import type { IdGenerator } from '../db/ids.js';
import type { DB } from '../db/schema.js';
import type { Logger } from '../logger.js';
import type { EventBus } from './events.js';
import type { JobQueue } from './jobs.js';
import type { Lifecycle } from './lifecycle.js';
import type { Metrics } from './metrics.js';

/** Run once the Node server listens (WebSocket upgrade, socket limits and timeouts); it closes over what it needs. */
export type ServerHook = (server: Server) => void;

/**
 * What the process runs on: configuration, database, ids, events, jobs, logs and lifecycle. Areas name the part
 * they use (`Pick<Infra, 'db' | 'ids'>`) in their dependency types; src/context.ts builds the whole.
 */
export interface Infra {
  config: Config;
  db: Kysely<DB>;
  /** For reads that tolerate a little lag (public and hashtag timelines, trends): the replica of READ_DATABASE_URL, else `db`. */
  readDb: Kysely<DB>;
  dialect: Dialect;
  ids: IdGenerator;
  events: EventBus;
  jobs: JobQueue;
  logger: Logger;
  /** Prometheus instruments of this process (src/infra/metrics.ts), served on /metrics. */
  metrics: Metrics;
  /** Whether the process is shutting down; streams and /ready listen (src/infra/lifecycle.ts). */
  lifecycle: Lifecycle;
  /** Hooks that need the raw Node server, run once it listens. */
  serverHooks: ServerHook[];
  /** Close handlers run on shutdown, last registered first. */
  onClose: Array<() => Promise<void>>;
  close(): Promise<void>;
}
