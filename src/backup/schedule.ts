import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupConfig } from '../config/config.js';
import type { Infra } from '../infra/infra.js';
import type { MediaStorage } from '../media/storage/storage.js';
import { generateKeyPair } from './encryption.js';
import { createBackup, defaultBackupName } from './export.js';
import type { Progress } from './format.js';
import { expiredBackups } from './retention.js';
import { claimBackupSlot, saveLastBackup } from './schedule.store.js';
import type { BackupTarget } from './target.js';
import { openTarget } from './targets.js';
import { verifyBackup } from './verify.js';

export type BackupDeps = Pick<Infra, 'db' | 'dialect' | 'config' | 'logger'> & { mediaStorage: MediaStorage };

export interface OffsiteBackupResult {
  name: string;
  where: string;
  bytes: number;
  rows: number;
  seconds: number;
  removed: string[];
}

/**
 * One encrypted backup into BACKUP_TARGET: written (encrypted as it is written) in the target's staging directory,
 * stored there, read back from the target and checked against its manifest, then the expired ones pruned.
 * The check decrypts with a one-time identity that is also a recipient of this file and lives only in memory
 * during this call: the operator's identity never has to be on the server.
 */
export async function writeOffsiteBackup(
  deps: BackupDeps,
  opts: { now?: Date; progress?: Progress; target?: BackupTarget } = {},
): Promise<OffsiteBackupResult> {
  const cfg = deps.config.backup;
  if (!cfg.target && !opts.target) throw new Error('BACKUP_TARGET is not set: set it to a directory or s3://bucket/prefix.');
  if (cfg.recipients.length === 0)
    throw new Error(
      'BACKUP_RECIPIENT is not set: off-site backups are encrypted. Run `tribune backup keygen`, keep the identity safe and set BACKUP_RECIPIENT to its age1... recipient.',
    );
  const started = Date.now();
  const now = opts.now ?? new Date();
  const target = opts.target ?? (await openTarget(cfg.target!, cfg.s3, deps.config.dataDir));
  const check = await generateKeyPair();
  const name = defaultBackupName(now, true);
  const file = join(target.staging, name);
  let stored = false;
  try {
    const result = await createBackup({
      db: deps.db,
      dialect: deps.dialect,
      dataDir: deps.config.dataDir,
      mediaStorage: deps.mediaStorage,
      secretKey: deps.config.secretKey,
      output: file,
      recipients: [...cfg.recipients, check.recipient],
      progress: opts.progress,
    });
    await target.store(name, file);
    stored = true;
    try {
      const manifest = await verifyBackup(await target.open(name), [check.identity]);
      if (manifest.createdAt !== result.manifest.createdAt) throw new Error('the stored backup is another one than was written');
    } catch (err) {
      await target.remove(name).catch(() => {});
      throw new Error(`the backup written to ${target.where}${name} did not read back as written (${(err as Error).message}); it was removed`);
    }
    const removed = await prune(target, cfg, now);
    const seconds = (Date.now() - started) / 1000;
    const rows = result.manifest.tables.reduce((n, t) => n + t.rows, 0);
    await saveLastBackup(deps.db, { name, where: target.where, at: now.toISOString(), bytes: result.bytes, seconds });
    return { name, where: target.where, bytes: result.bytes, rows, seconds, removed };
  } finally {
    // Once stored, the file in a directory target is the backup itself.
    if (!stored) rmSync(file, { force: true });
    if (!opts.target) target.close();
  }
}

async function prune(target: BackupTarget, cfg: BackupConfig, now: Date): Promise<string[]> {
  const expired = expiredBackups(
    (await target.list()).map((b) => b.name),
    now,
    cfg,
  );
  for (const name of expired) await target.remove(name);
  return expired;
}

/** The `backup.run` job, in every process that runs jobs (the schedule may be another process's). */
export function registerBackupJob(deps: BackupDeps & Pick<Infra, 'jobs'>): void {
  // A backup longer than BACKUP_EVERY must not start a second beside it (each would slow the other): the period is skipped.
  let running = false;
  deps.jobs.register('backup.run', async ({ slot }) => {
    if (running) {
      deps.logger.warn({ slot }, 'backup: the previous one is still running, this period is skipped; make BACKUP_EVERY longer than a backup takes');
      return;
    }
    running = true;
    try {
      const r = await writeOffsiteBackup(deps);
      deps.logger.info(
        { backup: r.name, where: r.where, bytes: r.bytes, rows: r.rows, seconds: r.seconds, removed: r.removed.length },
        'backup written, verified and stored',
      );
    } finally {
      running = false;
    }
  });
}

/**
 * Starts the schedule (BACKUP_EVERY) in a long-running process (`tribune serve`, `tribune worker`): every process
 * ticks, the one that claims the period in the database queues the `backup.run` job, and whichever process runs
 * jobs (this one, or a BullMQ worker) writes the backup.
 */
export function startBackupSchedule(deps: Pick<Infra, 'db' | 'config' | 'logger' | 'jobs' | 'onClose'>): () => void {
  const every = deps.config.backup.everyMs;
  if (!every || !deps.config.backup.target) return () => {};
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const slot = Math.floor(Date.now() / every);
      if (await claimBackupSlot(deps.db, slot, new Date().toISOString())) deps.jobs.enqueue('backup.run', { slot });
    } catch (err) {
      deps.logger.error({ err }, 'backup schedule: could not claim the period');
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), Math.max(500, Math.min(every / 4, 30_000)));
  timer.unref();
  void tick();
  const stop = () => clearInterval(timer);
  deps.onClose.push(async () => stop());
  return stop;
}
