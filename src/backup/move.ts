import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Config } from '../config/config.js';
import type { Dialect } from '../db/create-db.js';
import type { DB } from '../db/schema.js';
import type { Logger } from '../logger.js';
import type { MediaStorage } from '../media/storage/storage.js';
import { loadMode, type ModeState, saveMode } from '../shield/modes.js';
import { createBackup } from './export.js';
import { restoreBackup } from './import.js';
import type { Manifest } from './manifest.js';
import { writeOffsiteBackup } from './schedule.js';
import { countRows } from './tables.store.js';
import { openTarget } from './targets.js';

/** One side of a move: an open database and its DATA_DIR. */
export interface MoveHost {
  db: Kysely<DB>;
  dialect: Dialect;
  dataDir: string;
}

export interface MoveOptions {
  config: Config;
  source: MoveHost & { mediaStorage: MediaStorage };
  /** Where the community goes: a database (restored here, now), or an S3 location the new host restores from. */
  target: { kind: 'database'; host: MoveHost; force: boolean } | { kind: 's3'; url: string };
  /** The new public address, for the moved mode (required for a database target). */
  newAddress?: string;
  /** The owner's message, shown while read-only and then beside the new address. */
  message?: string;
  /** How long to wait after switching to read-only, so every server process has seen it (they re-read it every 2 s). */
  settleMs: number;
  logger: Logger;
  progress: (line: string, step?: { done: number; total: number }) => void;
}

export interface MoveResult {
  /** Of the final backup (database target). */
  manifest?: Manifest;
  phases: Array<{ name: string; seconds: number }>;
  rows: number;
  /** database target: the tables compared (source now, target after restore, and the backup's manifest all agree). */
  compared: number;
  /** s3 target: where the backup is, for `tribune restore` on the new host. */
  backupUrl?: string;
}

/** A move that stopped; the old host went back to the mode it had. */
export class MoveError extends Error {}

// Rows that are this host's own bookkeeping, not the community's: their counts may differ and are not compared.
const NOT_COMPARED = new Set(['settings']);

/**
 * Moves the community: read-only with the owner's message, a final backup, the restore on the new host with every
 * table's count checked against the old host, then the moved mode pointing at the new address. To an S3 location:
 * the final backup is written there (encrypted, read back and checked) and the old host stays read-only until the
 * new host has restored it (`tribune maintenance moved --to URL` then).
 */
export async function moveCommunity(opts: MoveOptions): Promise<MoveResult> {
  const { source, progress } = opts;
  const phases: MoveResult['phases'] = [];
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const out = await fn();
    phases.push({ name, seconds: (Date.now() - started) / 1000 });
    return out;
  };
  const before: ModeState = await loadMode(source.db);
  const readOnlyMessage =
    opts.message?.trim() || `This community is moving${opts.newAddress ? ` to ${opts.newAddress}` : ''}: posting is paused for a few minutes.`;
  await saveMode(source.db, 'read-only', readOnlyMessage);
  progress(`Old host: read-only ("${readOnlyMessage}"); waiting ${(opts.settleMs / 1000).toFixed(0)} s for every server process to see it...`);
  let done = false;
  try {
    await new Promise((r) => setTimeout(r, opts.settleMs));
    if (opts.target.kind === 's3') {
      const url = opts.target.url;
      const r = await timed('final backup, encrypted, into S3 and read back', async () => {
        const target = await openTarget(url, opts.config.backup.s3, source.dataDir);
        try {
          return await writeOffsiteBackup({ ...source, config: opts.config, logger: opts.logger }, { target, progress });
        } finally {
          target.close();
        }
      });
      done = true;
      return { phases, rows: r.rows, compared: 0, backupUrl: `${r.where}${r.name}` };
    }
    const target = opts.target;
    mkdirSync(target.host.dataDir, { recursive: true });
    const staging = mkdtempSync(join(target.host.dataDir, '.move-'));
    try {
      const archive = join(staging, 'final.tar.gz');
      const backup = await timed('final backup', () =>
        createBackup({
          db: source.db,
          dialect: source.dialect,
          dataDir: source.dataDir,
          mediaStorage: source.mediaStorage,
          secretKey: opts.config.secretKey,
          output: archive,
          progress,
        }),
      );
      progress(`Restoring on the new host (${target.host.dialect === 'pg' ? 'PostgreSQL' : 'SQLite'}, ${target.host.dataDir})...`);
      const restored = await timed('restore on the new host', () =>
        restoreBackup({ file: archive, db: target.host.db, dialect: target.host.dialect, dataDir: target.host.dataDir, force: target.force, progress }),
      );
      for (const w of restored.warnings) progress(`Warning: ${w}`);
      // The backup carries the old host's read-only mode: the new host starts open.
      await saveMode(target.host.db, 'normal');
      const compared = await timed('count check', () => compareCounts(source.db, target.host.db, backup.manifest));
      if (!opts.newAddress) throw new MoveError('No new address: give --new-address so the old host can point at it.');
      await saveMode(source.db, 'moved', opts.message, undefined, opts.newAddress);
      done = true;
      const rows = backup.manifest.tables.reduce((n, t) => n + t.rows, 0);
      return { manifest: backup.manifest, phases, rows, compared };
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  } finally {
    if (!done) {
      await saveMode(source.db, before.mode, before.message, before.retryAfter, before.movedTo).catch(() => {});
      progress(`Old host: back to ${before.mode} mode, as before the move.`);
    }
  }
}

/** Every table's rows: the old host now, the new host, and the backup's manifest agree (settings aside). */
async function compareCounts(source: Kysely<DB>, target: Kysely<DB>, manifest: Manifest): Promise<number> {
  const differ: string[] = [];
  let compared = 0;
  for (const t of manifest.tables) {
    if (NOT_COMPARED.has(t.name)) continue;
    const [old, now] = await Promise.all([countRows(source, t.name), countRows(target, t.name)]);
    compared++;
    if (old !== t.rows || now !== t.rows) differ.push(`${t.name}: old host ${old}, backup ${t.rows}, new host ${now}`);
  }
  if (differ.length)
    throw new MoveError(
      `The counts do not match (${differ.join('; ')}): something wrote on the old host after the final backup (a job, or a process that did not see read-only mode). Run the move again with --force.`,
    );
  return compared;
}
