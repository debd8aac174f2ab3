import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppContext } from '../context.js';
import type { JobPayloads, QueuedJob } from './jobs.js';

// In-process jobs live in memory. At shutdown, those still unfinished after the drain deadline are written to
// DATA_DIR and queued again at the next start, so a SIGTERM loses none (a job cut mid-run runs again: at least
// once, as with BullMQ). BullMQ's jobs stay in Redis and need none of this.

const PREFIX = 'jobs-unfinished-';

/** Writes the queue's unfinished jobs (if any) for the next start; returns how many. One file per process. */
export async function saveUnfinishedJobs(ctx: AppContext): Promise<number> {
  const jobs = ctx.jobs.unfinished();
  if (jobs.length === 0) return 0;
  await writeFile(join(ctx.config.dataDir, `${PREFIX}${process.pid}.json`), JSON.stringify(jobs), { mode: 0o600 });
  return jobs.length;
}

/**
 * Queues the jobs earlier shutdowns left (handlers must be registered); returns how many. Each file is claimed by
 * renaming it first, so of several processes starting together exactly one takes it.
 */
export async function resumeUnfinishedJobs(ctx: AppContext): Promise<number> {
  const names = (await readdir(ctx.config.dataDir).catch(() => [] as string[])).filter((n) => n.startsWith(PREFIX) && n.endsWith('.json'));
  let queued = 0;
  for (const name of names) {
    const file = join(ctx.config.dataDir, name);
    const claimed = `${file}.${process.pid}.claimed`;
    try {
      await rename(file, claimed);
    } catch {
      continue;
    }
    try {
      const jobs = JSON.parse(await readFile(claimed, 'utf8')) as QueuedJob[];
      // A name this version no longer has is logged and skipped by enqueue.
      for (const job of jobs) ctx.jobs.enqueue(job.name as keyof JobPayloads, job.payload as never);
      queued += jobs.length;
      await rm(claimed, { force: true });
    } catch (err) {
      ctx.logger.error({ err, file: claimed }, 'jobs: could not read the jobs left by a shutdown (file kept)');
    }
  }
  return queued;
}
