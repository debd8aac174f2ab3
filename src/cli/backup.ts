import { parseArgs } from 'node:util';
import { createBackup, defaultBackupName, formatBytes } from '../backup/export.js';
import { loadConfig } from '../config/config.js';
import { readEnv } from '../config/env.js';
import { createDb } from '../db/create-db.js';
import { createMediaStorage } from '../media/storage/create-storage.js';

const USAGE = `Usage: tribune backup [--output FILE] [--page-size N]

  Writes one archive (.tar.gz) of this instance: every table, every media file (from DATA_DIR/media, and from the
  S3 bucket when MEDIA_STORAGE=s3) and the secret key.
  The default FILE is tribune-backup-<time>.tar.gz in the current directory. Restore it with \`tribune restore FILE\`.
  --page-size N: rows read per query (default 1000).`;

/** `tribune backup`: one archive of the whole instance, safe to run while it serves. */
export async function backupCommand(args: string[]): Promise<number> {
  let output: string | undefined;
  let pageSize: number | undefined;
  try {
    const { values } = parseArgs({
      args,
      options: { output: { type: 'string', short: 'o' }, 'page-size': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    output = values.output;
    if (values['page-size'] !== undefined) {
      pageSize = Number(values['page-size']);
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100_000) throw new Error('--page-size must be a whole number from 1 to 100000.');
    }
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  const config = loadConfig(readEnv());
  // Checks the bucket first: a backup that cannot read the media fails before it reads any table.
  const mediaStorage = await createMediaStorage(config);
  const database = await createDb(config.databaseUrl);
  try {
    const media = config.media.s3 && mediaStorage.kind === 's3' ? `the S3 bucket "${config.media.s3.bucket}"` : `${config.dataDir}/media`;
    console.error(`Backing up the ${database.dialect === 'pg' ? 'PostgreSQL' : 'SQLite'} database and the media in ${media}...`);
    const result = await createBackup({
      db: database.db,
      dialect: database.dialect,
      dataDir: config.dataDir,
      mediaStorage,
      secretKey: config.secretKey,
      output: output ?? defaultBackupName(),
      pageSize,
      progress: (line) => console.error(line),
    });
    const rows = result.manifest.tables.reduce((n, t) => n + t.rows, 0);
    console.log(`Wrote ${result.file}`);
    console.log(
      `  ${result.manifest.tables.length} tables, ${rows} rows, ${result.manifest.media.files} media file(s); ${formatBytes(result.bytes)}; sha256 ${result.sha256}`,
    );
    console.error(
      'Warning: the archive holds the secret key, the Web Push (VAPID) private key and password hashes. It was written with mode 0600: keep it private and encrypt copies you send elsewhere.',
    );
    return 0;
  } finally {
    await database.close();
    await mediaStorage.close();
  }
}
