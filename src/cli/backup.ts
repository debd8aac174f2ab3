import { parseArgs } from 'node:util';
import { generateKeyPair } from '../backup/encryption.js';
import { createBackup, defaultBackupName, formatBytes } from '../backup/export.js';
import { writeOffsiteBackup } from '../backup/schedule.js';
import { type Config, loadConfig } from '../config/config.js';
import { readEnv } from '../config/env.js';
import { createDb } from '../db/create-db.js';
import { createLogger } from '../logger.js';
import { createMediaStorage } from '../media/storage/create-storage.js';
import { progressPrinter } from './progress.js';

const USAGE = `Usage: tribune backup [--output FILE] [--page-size N]
       tribune backup --offsite
       tribune backup keygen

  Writes one archive (.tar.gz) of this instance: every table, every media file (from DATA_DIR/media, and from the
  S3 bucket when MEDIA_STORAGE=s3) and the secret key.
  The default FILE is tribune-backup-<time>.tar.gz in the current directory. Restore it with \`tribune restore FILE\`.
  With BACKUP_RECIPIENT set, the file is encrypted to it (FILE.age).
  --offsite: one backup now into BACKUP_TARGET, as the schedule (BACKUP_EVERY) writes them: encrypted to
  BACKUP_RECIPIENT, read back and checked, old ones pruned.
  keygen: prints a new age identity (keep it off this host) and the recipient to set as BACKUP_RECIPIENT.
  --page-size N: rows read per query (default 1000).`;

/** `tribune backup`: one archive of the whole instance, safe to run while it serves. */
export async function backupCommand(args: string[]): Promise<number> {
  if (args[0] === 'keygen') return keygen();
  let output: string | undefined;
  let pageSize: number | undefined;
  let offsite = false;
  try {
    const { values } = parseArgs({
      args,
      options: {
        output: { type: 'string', short: 'o' },
        'page-size': { type: 'string' },
        offsite: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    offsite = values.offsite ?? false;
    if (offsite && values.output) throw new Error('--offsite writes into BACKUP_TARGET: give either --offsite or --output.');
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
  if (offsite) return offsiteBackup(config);
  // Checks the bucket first: a backup that cannot read the media fails before it reads any table.
  const mediaStorage = await createMediaStorage(config);
  const database = await createDb(config.databaseUrl);
  try {
    const media = config.media.s3 && mediaStorage.kind === 's3' ? `the S3 bucket "${config.media.s3.bucket}"` : `${config.dataDir}/media`;
    const print = progressPrinter(process.stderr);
    const started = Date.now();
    console.error(`Backing up the ${database.dialect === 'pg' ? 'PostgreSQL' : 'SQLite'} database and the media in ${media}...`);
    const result = await createBackup({
      db: database.db,
      dialect: database.dialect,
      dataDir: config.dataDir,
      mediaStorage,
      secretKey: config.secretKey,
      output: output ?? defaultBackupName(new Date(), config.backup.recipients.length > 0),
      pageSize,
      recipients: config.backup.recipients,
      progress: print.progress,
    });
    print.done();
    const rows = result.manifest.tables.reduce((n, t) => n + t.rows, 0);
    console.log(`Wrote ${result.file}`);
    console.log(
      `  ${result.manifest.tables.length} tables, ${rows} rows, ${result.manifest.media.files} media file(s); ${formatBytes(result.bytes)}; sha256 ${result.sha256}`,
    );
    console.log(`  in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (config.backup.recipients.length) console.log(`  encrypted to ${config.backup.recipients.join(', ')}`);
    else
      console.error(
        'Warning: the archive holds the secret key, the Web Push (VAPID) private key and password hashes. It was written with mode 0600: keep it private and encrypt copies you send elsewhere (set BACKUP_RECIPIENT to have it encrypted).',
      );
    return 0;
  } finally {
    await database.close();
    await mediaStorage.close();
  }
}

async function keygen(): Promise<number> {
  const { identity, recipient } = await generateKeyPair();
  console.log(`# created: ${new Date().toISOString()}`);
  console.log(`# recipient: ${recipient}`);
  console.log(identity);
  console.error(
    `Keep the identity (AGE-SECRET-KEY-1...) away from this server, e.g. save these lines as backup-identity.txt offline.\nSet BACKUP_RECIPIENT=${recipient} for Tribune; restore with --identity backup-identity.txt or BACKUP_IDENTITY.`,
  );
  return 0;
}

async function offsiteBackup(config: Config): Promise<number> {
  if (!config.backup.target) {
    console.error('tribune backup --offsite: BACKUP_TARGET is not set. Set it to a directory or s3://bucket/prefix.');
    return 2;
  }
  if (config.backup.recipients.length === 0) {
    console.error(
      'tribune backup --offsite: BACKUP_RECIPIENT is not set, and off-site backups are always encrypted. Run `tribune backup keygen`, keep the identity safe, and set BACKUP_RECIPIENT to the age1... recipient it prints.',
    );
    return 2;
  }
  const mediaStorage = await createMediaStorage(config);
  const database = await createDb(config.databaseUrl);
  try {
    const print = progressPrinter(process.stderr);
    console.error(`Backing up into ${config.backup.target}, encrypted to ${config.backup.recipients.join(', ')}...`);
    const r = await writeOffsiteBackup(
      { db: database.db, dialect: database.dialect, config, logger: createLogger('warn'), mediaStorage },
      { progress: print.progress },
    );
    print.done();
    console.log(`Wrote ${r.where}${r.name}: read back, decrypted and checked`);
    console.log(`  ${r.rows.toLocaleString('en')} rows; ${formatBytes(r.bytes)}; ${r.seconds.toFixed(1)} s`);
    if (r.removed.length) console.log(`  pruned ${r.removed.length} old backup(s): ${r.removed.join(', ')}`);
    return 0;
  } finally {
    await database.close();
    await mediaStorage.close();
  }
}
