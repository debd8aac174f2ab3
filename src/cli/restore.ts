import { parseArgs } from 'node:util';
import { RestoreError, restoreBackup } from '../backup/import.js';
import { loadConfig } from '../config/config.js';
import { readEnv } from '../config/env.js';
import { createDb } from '../db/create-db.js';
import { createMediaStorage } from '../media/storage/create-storage.js';

const USAGE = `Usage: tribune restore FILE [--force]

  Restores an archive written by \`tribune backup\` into DATABASE_URL (SQLite or PostgreSQL, whichever the
  archive came from), DATA_DIR (profile images, secret key) and the media storage this host is configured with
  (DATA_DIR/media, or the S3 bucket when MEDIA_STORAGE=s3), whichever the archive was taken from.
  Refuses a database that holds data unless --force.`;

/** `tribune restore FILE`: a backup into this host's database and DATA_DIR. */
export async function restoreCommand(args: string[]): Promise<number> {
  let file: string | undefined;
  let force = false;
  try {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    if (positionals.length !== 1)
      throw new Error(positionals.length ? 'Give one archive to restore.' : 'Which archive? Give the FILE written by `tribune backup`.');
    file = positionals[0];
    force = values.force ?? false;
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  const env = readEnv();
  // A placeholder secret keeps loadConfig from generating DATA_DIR/secret.key: the archive brings the real one.
  const config = loadConfig(env, { secretKey: env.SECRET_KEY || 'restore-placeholder-'.padEnd(64, '-') });
  // Checks the bucket before the database is touched: a wrong S3 setting stops here with what to fix.
  const mediaStorage = await createMediaStorage(config);
  const database = await createDb(config.databaseUrl);
  try {
    console.error(`Restoring ${file} into the ${database.dialect === 'pg' ? 'PostgreSQL' : 'SQLite'} database and ${config.dataDir}...`);
    const r = await restoreBackup({
      file: file!,
      db: database.db,
      dialect: database.dialect,
      dataDir: config.dataDir,
      mediaStorage,
      force,
      envSecretKey: env.SECRET_KEY || undefined,
      progress: (line) => console.error(line),
    });
    const rows = r.tables.reduce((n, t) => n + t.rows, 0);
    const m = r.manifest;
    console.log(`Restored the backup of ${m.createdAt} (Tribune ${m.tribuneVersion}, ${m.dialect === 'pg' ? 'PostgreSQL' : 'SQLite'}):`);
    console.log(`  ${r.tables.length} tables, ${rows} rows; row counts match the manifest`);
    if (r.searchIndexes.length) console.log(`  rebuilt search index: ${r.searchIndexes.join(', ')}`);
    if (config.media.s3 && mediaStorage.kind === 's3') {
      const bucket = `the S3 bucket "${config.media.s3.bucket}"`;
      console.log(
        `  ${r.mediaFiles} media file(s): ${r.mediaUploaded} upload(s) into ${bucket}, ${r.mediaFiles - r.mediaUploaded} into ${config.dataDir}/media`,
      );
    } else console.log(`  ${r.mediaFiles} media file(s) into ${config.dataDir}/media`);
    if (r.secretRestored) console.log(`  secret key into ${config.dataDir}/secret.key`);
    if (r.laterMigrations.length) console.log(`  then applied ${r.laterMigrations.length} newer migration(s): ${r.laterMigrations.join(', ')}`);
    for (const p of r.keptAside) console.log(`  kept the previous ${p.replace(/\.before-restore-.*$/, '')} as ${p}`);
    for (const w of r.warnings) console.error(`Warning: ${w}`);
    console.log('Start Tribune with `tribune serve`.');
    return 0;
  } catch (err) {
    if (err instanceof RestoreError) {
      console.error(`tribune restore: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    await database.close();
    await mediaStorage.close();
  }
}
