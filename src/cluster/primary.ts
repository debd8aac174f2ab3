import cluster, { type Worker } from 'node:cluster';
import { RateLimiterClusterMaster } from 'rate-limiter-flexible';
import type { Config } from '../config/config.js';
import { createDb } from '../db/create-db.js';
import { migrateToLatest } from '../db/migrations/index.js';
import { relayClusterEvents } from '../infra/cluster-events.js';

// `tribune serve --workers N` (or WORKERS=N): the primary migrates the database once, then forks N HTTP processes
// that share one port (Node's cluster module hands connections round-robin). Each worker is the ordinary server
// (src/main.ts) with its slot in TRIBUNE_WORKER_SLOT: its ID node, and the sign to share events and rate limits
// through this primary when there is no Redis. A worker that dies is started again; SIGTERM stops them all.

/** A worker that dies this soon after starting, this many times in a row, means something is wrong: give up. */
const CRASH_WINDOW_MS = 10_000;
const MAX_QUICK_CRASHES = 5;

export async function runPrimary(config: Config, workers: number, log: (line: string) => void = console.log): Promise<number> {
  const database = await createDb(config.databaseUrl);
  try {
    const { applied } = await migrateToLatest(database.db, database.dialect);
    if (applied.length) log(`Database migrated: ${applied.join(', ')}`);
  } finally {
    await database.close();
  }
  relayClusterEvents();
  if (config.shieldEnabled && !config.redisUrl) new RateLimiterClusterMaster();

  const slots = new Map<Worker, number>();
  const startedAt = new Map<number, number>();
  let quickCrashes = 0;
  let stopping = false;
  let listening = 0;

  const fork = (slot: number) => {
    const worker = cluster.fork({ TRIBUNE_WORKER_SLOT: String(slot), WORKERS: '1' });
    slots.set(worker, slot);
    startedAt.set(slot, Date.now());
    worker.once('listening', () => {
      listening += 1;
      if (listening === workers) log(`Tribune is serving with ${workers} processes at ${config.publicUrl} (primary pid ${process.pid})`);
    });
  };

  return new Promise<number>((resolve) => {
    let exitCode = 0;
    cluster.on('exit', (worker, code, signal) => {
      const slot = slots.get(worker);
      slots.delete(worker);
      if (stopping) {
        if (slots.size === 0) resolve(exitCode);
        return;
      }
      if (slot === undefined) return;
      const lived = Date.now() - (startedAt.get(slot) ?? 0);
      quickCrashes = lived < CRASH_WINDOW_MS ? quickCrashes + 1 : 0;
      if (quickCrashes >= MAX_QUICK_CRASHES) {
        log(`Process ${slot} keeps dying at start (last: ${signal ?? `exit code ${code}`}); stopping. Run \`tribune serve\` without --workers to see why.`);
        stop(1);
        return;
      }
      log(`Process ${slot} (pid ${worker.process.pid}) ended (${signal ?? `exit code ${code}`}); starting it again.`);
      fork(slot);
    });

    const stop = (code: number) => {
      if (stopping) return;
      stopping = true;
      exitCode = code;
      log(`Stopping ${slots.size} processes: finishing requests in flight...`);
      for (const w of slots.keys()) w.process.kill('SIGTERM');
      // Each worker drains requests, then jobs, each up to SHUTDOWN_TIMEOUT_S (src/main.ts): past both, cut.
      const deadline = setTimeout(
        () => {
          for (const w of slots.keys()) w.process.kill('SIGKILL');
        },
        2 * config.shutdownTimeoutMs + 10_000,
      );
      deadline.unref();
      if (slots.size === 0) resolve(exitCode);
    };
    process.once('SIGTERM', () => stop(0));
    process.once('SIGINT', () => stop(0));
    for (let slot = 0; slot < workers; slot++) fork(slot);
  });
}
