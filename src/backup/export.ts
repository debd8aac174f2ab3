import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { chmod, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Kysely, Transaction } from 'kysely';
import type { Dialect } from '../db/create-db.js';
import { REDIS_SCOPE_SETTING } from '../infra/bullmq-jobs.js';
import type { MediaStorage } from '../media/storage/storage.js';
import { createArchiveWriter } from './archive-writer.js';
import { encryptingStream } from './encryption.js';
import { formatBytes, type Progress } from './format.js';
import { FORMAT, FORMAT_VERSION, MANIFEST_FILE, type Manifest, SECRET_FILE, tribuneVersion } from './manifest.js';
import { packMedia } from './media.js';
import { appliedMigrations, countRows, listTables, readPage, type TableInfo } from './tables.store.js';

export { formatBytes };

export interface BackupOptions {
  db: Kysely<any>;
  dialect: Dialect;
  /** DATA_DIR: the files of its media/ directory go into the archive (profile images; uploads when stored locally). */
  dataDir: string;
  /** Where uploads are stored (ctx.mediaStorage): every key it lists goes into the archive. Unset: DATA_DIR/media whole. */
  mediaStorage?: MediaStorage;
  /** The instance secret (SECRET_KEY or DATA_DIR/secret.key). */
  secretKey: string | null;
  /** The archive to write; refused if it exists. */
  output: string;
  /** Progress lines and steps (the CLI prints them on stderr, with bars). */
  progress?: Progress;
  pageSize?: number;
  /** age recipients: the archive is encrypted to each as it is written (no plaintext copy touches the disk). */
  recipients?: string[];
}

export interface BackupResult {
  file: string;
  bytes: number;
  sha256: string;
  manifest: Manifest;
}

/** `tribune-backup-20261125T001500Z.tar.gz`, and `.age` after it when encrypted. */
export function defaultBackupName(now = new Date(), encrypted = false): string {
  return `tribune-backup-${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}.tar.gz${encrypted ? '.age' : ''}`;
}

/**
 * Writes one archive of the whole instance: every table as JSON lines read from one consistent snapshot
 * (a read transaction on SQLite's WAL, REPEATABLE READ on PostgreSQL), every media file (from DATA_DIR/media and the
 * media storage, local or a bucket) and the secret. Media are read after the tables' snapshot: a file deleted in
 * between is left out, one uploaded in between comes along unused.
 * The file is created with mode 0600: it holds the secret key, the VAPID private key and password hashes.
 */
export async function createBackup(opts: BackupOptions): Promise<BackupResult> {
  const output = resolve(opts.output);
  if (existsSync(output)) throw new Error(`${output} already exists: choose another --output or move it away first.`);
  const progress = opts.progress ?? (() => {});
  const pageSize = opts.pageSize ?? 1000;
  mkdirSync(dirname(output), { recursive: true });
  // Staged beside the archive (same disk, private mode) rather than in a small /tmp.
  const staging = mkdtempSync(join(dirname(output), '.tribune-backup-'));
  const partial = `${output}.partial`;
  try {
    mkdirSync(join(staging, 'db'));
    const snapshot = async (trx: Transaction<any>) => {
      const migrations = await appliedMigrations(trx);
      const tables = await listTables(trx, opts.dialect);
      const exported: Manifest['tables'] = [];
      for (const table of tables) exported.push(await exportTable(trx, opts.dialect, table, join(staging, 'db'), pageSize, progress));
      return { migrations, tables: exported };
    };
    const { migrations, tables } =
      opts.dialect === 'pg'
        ? await opts.db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(snapshot)
        : await opts.db.transaction().execute(snapshot);
    if (migrations.length === 0) throw new Error('The database has no Tribune schema (no migrations ran): check DATABASE_URL.');

    let secret: Manifest['secret'] = null;
    if (opts.secretKey) {
      writeFileSync(join(staging, SECRET_FILE), `${opts.secretKey}\n`, { mode: 0o600 });
      secret = { file: SECRET_FILE, sha256: sha256Of(`${opts.secretKey}\n`) };
    }
    await rm(partial, { force: true });
    const manifest = await writeArchive(partial, staging, { dialect: opts.dialect, migrations, tables, secret }, opts, progress);
    await chmod(partial, 0o600);
    await rename(partial, output);
    const { size } = statSync(output);
    return { file: output, bytes: size, sha256: await sha256OfFile(output), manifest };
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(partial, { force: true });
  }
}

/** db/ and the secret from the staging directory, then the media, then the manifest, which counts the media. */
async function writeArchive(
  file: string,
  staging: string,
  parts: Pick<Manifest, 'dialect' | 'migrations' | 'tables' | 'secret'>,
  opts: BackupOptions,
  progress: Progress,
): Promise<Manifest> {
  const writer = createArchiveWriter(file, opts.recipients?.length ? await encryptingStream(opts.recipients) : undefined);
  try {
    for (const t of parts.tables) await writer.addFile(t.file, join(staging, t.file), 0o600);
    if (parts.secret) await writer.addFile(SECRET_FILE, join(staging, SECRET_FILE), 0o600);
    progress(`  media: reading ${opts.mediaStorage?.kind === 's3' ? 'the S3 bucket and DATA_DIR/media' : 'DATA_DIR/media'}...`);
    const packed = await packMedia(writer, opts.dataDir, opts.mediaStorage, progress);
    const media = { ...packed, storage: opts.mediaStorage?.kind ?? 'local' };
    progress(`  media: ${media.files.toLocaleString('en')} file(s), ${formatBytes(media.bytes)}`);
    const manifest: Manifest = {
      format: FORMAT,
      formatVersion: FORMAT_VERSION,
      tribuneVersion: tribuneVersion(),
      createdAt: new Date().toISOString(),
      ...parts,
      media,
    };
    writeFileSync(join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    await writer.addFile(MANIFEST_FILE, join(staging, MANIFEST_FILE), 0o600);
    await writer.finish();
    return manifest;
  } catch (err) {
    await writer.abort(err as Error);
    throw err;
  }
}

async function exportTable(
  trx: Transaction<any>,
  dialect: Dialect,
  table: TableInfo,
  dir: string,
  pageSize: number,
  progress: Progress,
): Promise<Manifest['tables'][number]> {
  const file = `db/${table.name}.jsonl`;
  const out = createWriteStream(join(dir, basename(file)), { mode: 0o600 });
  const hash = createHash('sha256');
  let rows = 0;
  let after: { key: unknown[] | null; offset: number } = { key: null, offset: 0 };
  // Counted in the same snapshot, for the progress bar.
  const total = await countRows(trx, table.name);
  const every = Math.max(1000, Math.ceil(total / 100));
  let nextReport = every;
  for (;;) {
    const page = await readPage(trx, dialect, table, after, pageSize);
    if (page.length === 0) break;
    const kept = page.filter((row) => !skipped(table.name, row));
    const chunk = kept.map((row) => `${JSON.stringify(encodeRow(row))}\n`).join('');
    hash.update(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
    rows += kept.length;
    const last = page[page.length - 1]!;
    after = { key: table.primaryKey.map((c) => last[c]), offset: after.offset + page.length };
    if (rows >= nextReport) {
      progress(`  ${table.name}: ${rows.toLocaleString('en')} rows...`, { done: rows, total });
      nextReport += every;
    }
    if (page.length < pageSize) break;
  }
  out.end();
  await once(out, 'finish');
  if (rows > 0) progress(`  ${table.name}: ${rows.toLocaleString('en')} row(s)`);
  return { name: table.name, file, rows, sha256: hash.digest('hex'), columns: table.columns.map((c) => c.name) };
}

// Rows that belong to this database's place in shared infrastructure, not to the community: a restored
// copy makes its own (two instances on one Redis must not share a job queue).
function skipped(table: string, row: Record<string, unknown>): boolean {
  return table === 'settings' && row.key === REDIS_SCOPE_SETTING;
}

// Values as both dialects accept them: numbers, decimal strings (snowflakes), text, null.
function encodeRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (typeof v === 'bigint') out[k] = v.toString();
    else if (v instanceof Date) out[k] = v.toISOString();
    else if (v instanceof Uint8Array) out[k] = { $base64: Buffer.from(v).toString('base64') };
    else if (v !== null && typeof v === 'object') out[k] = JSON.stringify(v);
    else out[k] = v;
  }
  return out;
}

export function sha256Of(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
