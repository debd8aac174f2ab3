import { startBackupSchedule } from './backup/schedule.js';
import { startWalShippingIfConfigured } from './backup/wal-shipping.js';
import { loadConfig } from './config/config.js';
import { readEnv } from './config/env.js';
import { type AppContext, createContext } from './context.js';
import { findAdminContact } from './domain/instance/instance.store.js';
import { resumeUnfinishedJobs, saveUnfinishedJobs } from './infra/job-carryover.js';
import { type RunningServer, startServer } from './server.js';

/** `tribune serve`: load config, build the context (migrating the database), serve, drain on SIGTERM. */
export async function serve(): Promise<number> {
  const config = loadConfig(readEnv());
  const ctx = await createContext(config);
  const resumed = await resumeUnfinishedJobs(ctx);
  if (resumed) ctx.logger.info({ jobs: resumed }, 'queued again the jobs the last shutdown left unfinished');
  const server = await startServer(ctx);
  startBackupSchedule(ctx);
  await startWalShippingIfConfigured(ctx);
  ctx.logger.info({ url: config.publicUrl, database: config.databaseUrl.split(':')[0] }, 'Tribune is serving');
  console.log(`Tribune is serving at ${server.url} (public URL ${config.publicUrl})`);
  if (!(await findAdminContact(ctx.db))) {
    console.log('No admin account yet. Create one with:\n  npx tribune admin create-user --username admin --email you@example.org --role admin');
  }
  await new Promise<void>((resolve, reject) => {
    const stop = (signal: string) => {
      // A second signal while draining: the operator wants out now.
      process.once(signal, () => {
        console.log('Second signal: exiting without waiting.');
        process.exit(1);
      });
      shutDown(ctx, server).then(resolve, reject);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  // Anything still holding the event loop (a socket a library forgot) must not keep a stopped server alive.
  setTimeout(() => process.exit(), 1_000).unref();
  return 0;
}

/**
 * SIGTERM, in order: /ready turns 503 and streams end with a reconnect hint; the port stops accepting; requests in
 * flight finish (up to SHUTDOWN_TIMEOUT_S, then their connections are cut); jobs finish (up to the same limit; with
 * in-process jobs, those left are written to DATA_DIR and queued again at the next start); then the database closes.
 */
export async function shutDown(ctx: AppContext, server: RunningServer): Promise<void> {
  const limit = ctx.config.shutdownTimeoutMs;
  const log = ctx.logger.child({ subsystem: 'shutdown' });
  console.log('Shutting down: finishing requests in flight...');
  const started = Date.now();
  ctx.lifecycle.startDraining();
  const { cut } = await server.drain(limit);
  log.info({ ms: Date.now() - started, cut }, cut ? 'requests cut at the shutdown limit' : 'requests in flight finished');
  const before = await ctx.jobs.stats().catch(() => null);
  await ctx.jobs.close();
  const carried = await saveUnfinishedJobs(ctx);
  if (carried) console.log(`${carried} job(s) still unfinished at the limit: saved, they run at the next start.`);
  log.info({ ms: Date.now() - started, jobsAtStart: before, carried }, 'jobs finished');
  await ctx.close();
  console.log(`Stopped cleanly in ${((Date.now() - started) / 1000).toFixed(1)} s (database closed).`);
}
