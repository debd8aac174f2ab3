/**
 * Whether the process is shutting down. On SIGTERM `startDraining()` flips it: /ready answers 503 so a load
 * balancer stops sending, and each open stream (server-sent events) ends with a reconnect hint.
 */
export interface Lifecycle {
  readonly draining: boolean;
  /** Runs `fn` when draining starts (at once if it has); returns the function that unsubscribes. */
  onDrain(fn: () => void): () => void;
  startDraining(): void;
}

/** How long a client is told to wait before reconnecting to a stream ended by a restart. */
export const RECONNECT_AFTER_MS = 5_000;

export function createLifecycle(): Lifecycle {
  const listeners = new Set<() => void>();
  let draining = false;
  return {
    get draining() {
      return draining;
    },
    onDrain(fn) {
      if (draining) {
        fn();
        return () => {};
      }
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    startDraining() {
      if (draining) return;
      draining = true;
      for (const fn of [...listeners]) fn();
      listeners.clear();
    },
  };
}
