import type { Logger } from '../logger.js';

// Work done after a transaction commits (fan-out, notifications, streaming). In one process it runs at
// once in the background; the distributed mode hands it to BullMQ with the same interface.
export type JobHandler = (payload: any) => Promise<void>;

export interface JobQueue {
  register(name: string, handler: JobHandler): void;
  enqueue(name: string, payload: unknown): void;
  /** Resolves when every job enqueued so far has finished (tests, shutdown). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export function createInProcessJobs(logger: Logger): JobQueue {
  const handlers = new Map<string, JobHandler>();
  const running = new Set<Promise<void>>();
  return {
    register(name, handler) {
      handlers.set(name, handler);
    },
    enqueue(name, payload) {
      const handler = handlers.get(name);
      if (!handler) {
        logger.error({ job: name }, 'no handler registered for job');
        return;
      }
      const p: Promise<void> = Promise.resolve()
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
