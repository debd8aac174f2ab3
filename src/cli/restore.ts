import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { BackupCryptoError, decryptingStream, IDENTITY_PATTERN, looksEncrypted, parseIdentities } from '../backup/encryption.js';
import { formatBytes, type Progress } from '../backup/format.js';
import { RestoreError, restoreBackup } from '../backup/import.js';
import { BACKUP_NAME, type BackupTarget, parseS3Url } from '../backup/target.js';
import { fileTarget, openTarget } from '../backup/targets.js';
import { type Config, loadConfig } from '../config/config.js';
import { readEnv } from '../config/env.js';
import { createDb } from '../db/create-db.js';
import { createMediaStorage } from '../media/storage/create-storage.js';
import { type ProgressPrinter, progressPrinter } from './progress.js';
import { replayWalAfterBackup } from './restore-wal.js';

const USAGE = `Usage: tribune restore FILE | s3://bucket/key | --latest  [--identity FILE] [--force]

  Restores an archive written by \`tribune backup\` into DATABASE_URL (SQLite or PostgreSQL, whichever the
  archive came from), DATA_DIR (profile images, secret key) and the media storage this host is configured with
  (DATA_DIR/media, or the S3 bucket when MEDIA_STORAGE=s3), whichever the archive was taken from.
  FILE: a local archive (.tar.gz, or .tar.gz.age when encrypted); s3://bucket/key: one in a bucket (the S3_*
  settings say how to reach it); --latest: the newest backup in BACKUP_TARGET.
  --identity FILE: the age identity file for an encrypted backup (or set BACKUP_IDENTITY to it or to the key).
  Refuses a database that holds data unless --force.`;

/** `tribune restore FILE`: a backup into this host's database and DATA_DIR. */
export async function restoreCommand(args: string[]): Promise<number> {
  let from: string | undefined;
  let force = false;
  let latest = false;
  let identityFile: string | undefined;
  try {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { force: { type: 'boolean' }, latest: { type: 'boolean' }, identity: { type: 'string', short: 'i' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    latest = values.latest ?? false;
    if (latest && positionals.length) throw new Error('Give either --latest or an archive, not both.');
    if (!latest && positionals.length !== 1)
      throw new Error(
        positionals.length ? 'Give one archive to restore.' : 'Which archive? Give the FILE written by `tribune backup`, s3://bucket/key, or --latest.',
      );
    from = positionals[0];
    force = values.force ?? false;
    identityFile = values.identity;
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  const env = readEnv();
  // A placeholder secret keeps loadConfig from generating DATA_DIR/secret.key: the archive brings the real one.
  const config = loadConfig(env, { secretKey: env.SECRET_KEY || 'restore-placeholder-'.padEnd(64, '-') });
  let located: Located;
  try {
    located = await locate(config, from, latest);
  } catch (err) {
    console.error(`tribune restore: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  try {
    const print = progressPrinter(process.stderr);
    // The archive as read (before decryption), with a bar while it is unpacked when its size is known.
    const read = async () => counted(await located.target.open(located.name), located.bytes, print.progress);
    let source: (() => Promise<Readable>) | undefined;
    if (located.encrypted) {
      const identities = readIdentities(identityFile ?? config.backup.identity);
      source = async () => decryptingStream(await read(), identities);
    } else if (located.remote || located.bytes !== undefined) source = read;
    const code = await restoreInto(config, env.SECRET_KEY, located.label, source, force, print);
    if (code !== 0 || !latest) return code;
    return await replayWalAfterBackup(config, located.target, located.name, () => readIdentities(identityFile ?? config.backup.identity), print);
  } catch (err) {
    if (err instanceof RestoreError || err instanceof BackupCryptoError) {
      console.error(`tribune restore: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    located.target.close();
  }
}

interface Located {
  target: BackupTarget;
  name: string;
  /** What the messages call it: the path or the s3:// address. */
  label: string;
  encrypted: boolean;
  /** Not a local file: read as a stream. */
  remote: boolean;
  /** Its size, when known (for the progress bar). */
  bytes?: number;
}

/** `source` passed through, reporting the bytes read against `total`. */
function counted(source: Readable, total: number | undefined, progress: Progress): Readable {
  if (!total) return source;
  let done = 0;
  let next = 0;
  const out = new PassThrough();
  source.on('data', (chunk: Buffer) => {
    done += chunk.length;
    if (done >= next || done === total) {
      progress(`  archive: ${formatBytes(done)} read...`, { done, total });
      next = done + Math.max(1 << 20, Math.ceil(total / 100));
    }
  });
  source.on('error', (err) => out.destroy(err));
  source.pipe(out);
  return out;
}

async function locate(config: Config, from: string | undefined, latest: boolean): Promise<Located> {
  if (latest) {
    if (!config.backup.target)
      throw new Error('--latest reads BACKUP_TARGET, which is not set: set it to the directory or s3://bucket/prefix the backups go to.');
    const target = await openTarget(config.backup.target, config.backup.s3, config.dataDir);
    const all = await target.list();
    const newest = all[all.length - 1];
    if (!newest) {
      target.close();
      throw new Error(`No backup in ${target.where} (names like tribune-backup-<time>.tar.gz.age).`);
    }
    return {
      target,
      name: newest.name,
      label: `${target.where}${newest.name}`,
      encrypted: newest.name.endsWith('.age'),
      remote: true,
      bytes: newest.bytes,
    };
  }
  const s3 = parseS3Url(from!);
  if (s3) {
    const slash = s3.key.lastIndexOf('/');
    const name = s3.key.slice(slash + 1);
    if (!BACKUP_NAME.test(name)) throw new Error(`${from} does not name a backup (tribune-backup-<time>.tar.gz[.age]).`);
    const target = await openTarget(`s3://${s3.bucket}/${s3.key.slice(0, slash + 1)}`, config.backup.s3, config.dataDir);
    return { target, name, label: from!, encrypted: name.endsWith('.age'), remote: true };
  }
  const { target, name } = fileTarget(from!);
  let encrypted = false;
  let bytes: number | undefined;
  if (existsSync(from!) && statSync(from!).isFile()) {
    bytes = statSync(from!).size;
    const head = Buffer.alloc(21);
    const fd = openSync(from!, 'r');
    readSync(fd, head, 0, 21, 0);
    closeSync(fd);
    encrypted = looksEncrypted(head);
  }
  return { target, name, label: from!, encrypted, remote: false, bytes };
}

/** --identity FILE or BACKUP_IDENTITY (the key itself, or the path of its file). */
function readIdentities(given: string | undefined): string[] {
  if (!given)
    throw new RestoreError(
      'This backup is encrypted: pass --identity FILE (the file `tribune backup keygen` printed) or set BACKUP_IDENTITY to the AGE-SECRET-KEY-1... identity.',
    );
  if (IDENTITY_PATTERN.test(given.trim())) return [given.trim()];
  if (!existsSync(given)) throw new RestoreError(`${given}: no such identity file.`);
  const ids = parseIdentities(readFileSync(given, 'utf8'));
  if (ids.length === 0) throw new RestoreError(`${given} holds no age identity (a line AGE-SECRET-KEY-1...).`);
  return ids;
}

async function restoreInto(
  config: Config,
  envSecret: string | undefined,
  file: string,
  source: (() => Promise<Readable>) | undefined,
  force: boolean,
  print: ProgressPrinter,
) {
  // Checks the bucket before the database is touched: a wrong S3 setting stops here with what to fix.
  const mediaStorage = await createMediaStorage(config);
  const database = await createDb(config.databaseUrl);
  try {
    const started = Date.now();
    console.error(`Restoring ${file} into the ${database.dialect === 'pg' ? 'PostgreSQL' : 'SQLite'} database and ${config.dataDir}...`);
    const r = await restoreBackup({
      file,
      source,
      db: database.db,
      dialect: database.dialect,
      dataDir: config.dataDir,
      mediaStorage,
      force,
      envSecretKey: envSecret || undefined,
      progress: print.progress,
    }).finally(() => print.done());
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
    console.log(`  in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log('Start Tribune with `tribune serve`.');
    return 0;
  } finally {
    await database.close();
    await mediaStorage.close();
  }
}
