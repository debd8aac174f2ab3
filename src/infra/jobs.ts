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
};

export type JobHandler<P> = (payload: P) => Promise<void>;

/** A queue of the jobs named in `Jobs` (Tribune's by default; a test may declare its own). */
export interface JobQueue<Jobs extends object = JobPayloads> {
  register<K extends keyof Jobs & string>(name: K, handler: JobHandler<Jobs[K]>): void;
  enqueue<K extends keyof Jobs & string>(name: K, payload: Jobs[K]): void;
  /** Resolves when every job enqueued so far has finished (tests, shutdown). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export function createInProcessJobs<Jobs extends object = JobPayloads>(logger: Logger): JobQueue<Jobs> {
  // Each name's handler takes that name's payload: the map itself cannot say so.
  const handlers = new Map<string, JobHandler<unknown>>();
  const running = new Set<Promise<void>>();
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
      // Started on the next turn of the event loop, so the request that queued it answers first.
      const p: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => handler(payload))
        .catch((err) => logger.error({ err, job: name }, 'job failed'))
        .finally(() => running.delete(p));
      running.add(p);
    },
    async drain() {
      while (running.size > 0) await Promise.all([...running]);
    },
    async close() {
      await this.drain();
    },
  };
}
