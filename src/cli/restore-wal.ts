import { type BackupTarget, backupTime } from '../backup/target.js';
import { chainEnd, listChains, replayChain } from '../backup/wal-restore.js';
import type { Config } from '../config/config.js';
import type { ProgressPrinter } from './progress.js';

/**
 * After `tribune restore --latest` on SQLite: the WAL chain that reaches furthest past the restored backup, replayed
 * over the database, so the posts shipped since that backup come back too. Each full backup starts a chain, but until
 * its base is stored the previous chain, still shipping, is the one that reaches past it.
 * Answers the exit code: 1 when a chain exists but nothing could be made of it (the backup alone stays restored).
 */
export async function replayWalAfterBackup(
  config: Config,
  target: BackupTarget,
  backupName: string,
  identities: () => string[],
  print: ProgressPrinter,
): Promise<number> {
  if (!config.databaseUrl.startsWith('sqlite:')) {
    if ((await listChains(target)).length) console.log('  WAL segments apply to SQLite only: this PostgreSQL database has the backup alone.');
    return 0;
  }
  const after = backupTime(backupName) ?? new Date(0);
  const chain = (await listChains(target))
    .filter((c) => chainEnd(c) > after)
    .sort((a, b) => chainEnd(a).getTime() - chainEnd(b).getTime() || a.chain.localeCompare(b.chain))
    .pop();
  if (!chain) {
    console.log('  no WAL chain after this backup: the database is as of the backup');
    return 0;
  }
  const started = Date.now();
  try {
    const r = await replayChain({
      target,
      chain,
      identities: identities(),
      dbPath: config.databaseUrl.slice('sqlite:'.length),
      atLeast: after,
      progress: print.progress,
    }).finally(() => print.done());
    console.log(
      `Replayed ${r.segments} of ${r.of} WAL segment(s) (${r.frames} frames) of the chain started ${chain.startedAt.toISOString()}: the database is as of ${r.until.toISOString()} (the last segment shipped), in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    if (r.stopped) console.error(`Warning: stopped early: ${r.stopped}. Later writes are lost.`);
    return 0;
  } catch (err) {
    console.error(`tribune restore: the WAL chain ${chain.chain} could not be replayed (${(err as Error).message}); the database is as of the backup.`);
    return 1;
  }
}
