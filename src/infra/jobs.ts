import type { Logger } from '../logger.js';

// Work done after a transaction commits (fan-out, notifications, streaming). In one process it runs in the
// background from the next turn of the event loop; the distributed mode hands it to BullMQ with the same interface.

/**
 * Every job Tribune queues, by name, with its payload: register and enqueue are checked against this map,
 * so a misspelt name or a wrong payload does not compile. Payloads cross processes as JSON (BullMQ).
 */
export type JobPayloads = {
  /**
   * Home-timeline fan-out of a post, one chunk of followers per job: without `cursor` the first (the author's home,
   * followed tags, notifications, streams), then each job carries the id of the last follow it covered.
   */
  'statuses.fanout': { statusId: string; cursor?: string };
  'statuses.edited': { statusId: string };
  'statuses.card': { statusId: string };
  /** Checkpoints SQLite's write-ahead log after a purge. */
  'statuses.purged': Record<string, never>;
  'notifications.admin_report': { reportId: string };
  'web.push.deliver': { notificationId: string };
  /** Makes an uploaded video or animated GIF ready (src/media/process-upload.ts); its raw bytes wait in media storage. */
  'media.process': { mediaId: string };
  /** Builds the zip a person asked for of their account (src/domain/account-data/archive.service.ts). */
  'accounts.archive': { archiveId: string };
  /** Applies an uploaded CSV file of Mastodon's export layout (follows, blocks, mutes, lists, bookmarks). */
  'accounts.import': { importId: string };
  /** Purges an account whose owner deleted it, once its grace period is over. */
  'accounts.purge': { accountId: string };
  /** An encrypted backup into BACKUP_TARGET (src/backup/schedule.ts); `slot` is the BACKUP_EVERY period it covers. */
  'backup.run': { slot: number };
};

export type JobHandler<P> = (payload: P) => Promise<void>;

/** Jobs of this instance by state, for /metrics and /ready. `failed`: failures since start (in-process) or kept by Redis (BullMQ). */
export interface JobStats {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/** A job as queued: its name and JSON payload (what shutdown carries over to the next start). */
export interface QueuedJob {
  name: string;
  payload: unknown;
}

/** A queue of the jobs named in `Jobs` (Tribune's by default; a test may declare its own). */
export interface JobQueue<Jobs extends object = JobPayloads> {
  register<K extends keyof Jobs & string>(name: K, handler: JobHandler<Jobs[K]>): void;
  enqueue<K extends keyof Jobs & string>(name: K, payload: Jobs[K]): void;
  /** Resolves when every job enqueued so far has finished (tests, shutdown). */
  drain(): Promise<void>;
  /** Waits for running jobs (at most the queue's close limit), then lets go of its resources. */
  close(): Promise<void>;
  stats(): Promise<JobStats>;
  /** Jobs queued in this process and not finished: in memory only for the in-process queue (BullMQ's are in Redis). */
  unfinished(): QueuedJob[];
  /** Resolves when the queue's backing store answers (Redis for BullMQ); throws otherwise. */
  ping(): Promise<void>;
}

export interface InProcessJobsOptions {
  /** close() waits this long for running jobs; what is still unfinished then is left to unfinished(). */
  closeLimitMs?: number;
  /** Told of each failed job (metrics). */
  onFailed?: (name: string) => void;
}

export function createInProcessJobs<Jobs extends object = JobPayloads>(logger: Logger, opts: InProcessJobsOptions = {}): JobQueue<Jobs> {
  // Each name's handler takes that name's payload: the map itself cannot say so.
  const handlers = new Map<string, JobHandler<unknown>>();
  const running = new Map<Promise<void>, QueuedJob & { started: boolean }>();
  let failed = 0;
  let closed = false;
  return {
    register(name, handler) {
      handlers.set(name, handler as JobHandler<unknown>);
    },
    enqueue(name, payload) {
      const handler = handlers.get(name);
      if (!handler) {
        logger.error({ job: name }, 'no handler registered for job');
        return;
      }
      const job = { name, payload: payload as unknown, started: false };
      // Started on the next turn of the event loop, so the request that queued it answers first.
      const p: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => {
          job.started = true;
          return handler(payload);
        })
        .catch((err) => {
          failed++;
          opts.onFailed?.(name);
          logger.error({ err, job: name }, 'job failed');
        })
        .finally(() => running.delete(p));
      running.set(p, job);
    },
    async drain() {
      while (running.size > 0) await Promise.all([...running.keys()]);
    },
    async close() {
      // A second close (shutdown closes the queue, then the context does) does not wait again.
      if (closed) return;
      closed = true;
      const limit = opts.closeLimitMs ?? 30_000;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        this.drain().then(() => false),
        new Promise<boolean>((r) => {
          timer = setTimeout(() => r(true), limit);
        }),
      ]);
      clearTimeout(timer);
      if (timedOut) logger.warn({ unfinished: running.size }, 'jobs: still running at the close limit');
    },
    async stats() {
      const jobs = [...running.values()];
      const active = jobs.filter((j) => j.started).length;
      return { waiting: jobs.length - active, active, delayed: 0, failed };
    },
    unfinished() {
      return [...running.values()].map(({ name, payload }) => ({ name, payload }));
    },
    async ping() {},
  };
}
