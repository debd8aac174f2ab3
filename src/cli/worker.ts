import { startBackupSchedule } from '../backup/schedule.js';
import { loadConfig } from '../config/config.js';
import { readEnv } from '../config/env.js';
import { createContext } from '../context.js';

/**
 * `tribune worker`: a process that runs background jobs (fan-out, notifications, link cards, pushes, media) and
 * ActivityPub's queue (deliveries, incoming activities: src/federation/redis-message-queue.ts), and serves no HTTP, so job capacity scales apart from web capacity. Needs REDIS_URL: the jobs come from the BullMQ
 * queue the web processes fill (run those with JOBS=off to leave every job to the workers).
 */
export async function workerCommand(args: string[]): Promise<number> {
  if (args.length > 0) {
    console.error('Usage: tribune worker   (takes no arguments; configure it with the same environment as `tribune serve`)');
    return 2;
  }
  const config = loadConfig({ ...readEnv(), JOBS: 'on' });
  if (!config.redisUrl) {
    console.error(
      'tribune worker needs REDIS_URL: without Redis, jobs run in the process that serves (`tribune serve`), and a worker would have nothing to take.',
    );
    return 2;
  }
  const ctx = await createContext(config);
  startBackupSchedule(ctx);
  console.log(`Tribune worker running jobs from Redis (pid ${process.pid}); stop it with SIGTERM.`);
  await new Promise<void>((resolve) => {
    const stop = async () => {
      console.log('Stopping: finishing the jobs in hand (the others stay queued for the other workers)...');
      const started = Date.now();
      await ctx.close();
      console.log(`Worker stopped in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      resolve();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  setTimeout(() => process.exit(), 1_000).unref();
  return 0;
}
