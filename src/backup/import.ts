import { createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import { extract } from 'tar';
import type { Dialect } from '../db/create-db.js';
import { MIGRATION_NAMES, migrateToLatest } from '../db/migrations/index.js';
import type { MediaStorage } from '../media/storage/storage.js';
import { BackupCryptoError } from './encryption.js';
import { sha256OfFile } from './export.js';
import type { Progress } from './format.js';
import { dependencyOrder, FORMAT, FORMAT_VERSION, MANIFEST_FILE, type Manifest, manifestSchema, tribuneVersion } from './manifest.js';
import { uploadMedia } from './media.js';
import { countRows, deferForeignKeys, dropEverything, insertRows, listTables, rebuildSearchIndexes, setIndexesAside, type TableInfo } from './tables.store.js';

/** A refusal with a message saying what to do; the CLI prints it as is. */
export class RestoreError extends Error {}

export interface RestoreOptions {
  /** The archive on disk, or, with `source`, the name it is shown under. */
  file: string;
  /** The archive as a stream (decrypted already, or plain .tar.gz), when it is not a local file (a bucket, age). */
  source?: () => Promise<Readable>;
  db: Kysely<any>;
  dialect: Dialect;
  /** DATA_DIR of this host: media/ and secret.key are restored there. */
  dataDir: string;
  /** Where this host stores uploads (ctx.mediaStorage): a bucket receives the archive's uploads. Unset: DATA_DIR/media. */
  mediaStorage?: MediaStorage;
  /** Erase a database that already holds data. */
  force?: boolean;
  /** SECRET_KEY from the environment, if set: it overrides secret.key, so a different one is warned about. */
  envSecretKey?: string;
  progress?: Progress;
}

export interface RestoreResult {
  manifest: Manifest;
  tables: Array<{ name: string; rows: number }>;
  /** Migrations newer than the archive, applied after its data went in. */
  laterMigrations: string[];
  searchIndexes: string[];
  mediaFiles: number;
  /** Of those, the uploads put into the S3 bucket (0 when stored locally). */
  mediaUploaded: number;
  secretRestored: boolean;
  /** Files of this host kept under another name instead of being overwritten. */
  keptAside: string[];
  warnings: string[];
}

/** Tables whose rows a fresh instance writes at its first start: they do not make a database "in use". */
const BOOTSTRAP_TABLES = new Set(['settings']);

/**
 * Restores an archive written by createBackup into this host's database (either dialect) and DATA_DIR:
 * builds the archive's schema, inserts every table in one transaction, checks the row counts against the
 * manifest, applies any newer migrations, rebuilds search indexes, then puts back media (into DATA_DIR/media, and
 * uploads into the bucket when this host stores them in S3) and the secret.
 */
export async function restoreBackup(opts: RestoreOptions): Promise<RestoreResult> {
  const file = opts.source ? opts.file : resolve(opts.file);
  const progress = opts.progress ?? (() => {});
  if (!opts.source && (!existsSync(file) || !statSync(file).isFile())) {
    throw new RestoreError(`No such file: ${file}. Pass the path of an archive written by \`tribune backup\`.`);
  }
  mkdirSync(opts.dataDir, { recursive: true });
  const staging = mkdtempSync(join(opts.dataDir, '.restore-'));
  try {
    const manifest = await unpack(file, staging, opts.source);
    await verifyFiles(manifest, staging);
    const unknown = manifest.migrations.filter((m) => !MIGRATION_NAMES.includes(m));
    if (unknown.length > 0) {
      throw new RestoreError(
        `This archive was made by Tribune ${manifest.tribuneVersion}, whose schema is newer than this code's (${tribuneVersion()}): ` +
          `unknown migration(s) ${unknown.join(', ')}. Upgrade Tribune on this host to ${manifest.tribuneVersion} or later, then restore again.`,
      );
    }

    const existing = await listTables(opts.db, opts.dialect);
    const inUse: string[] = [];
    // The tables a person recognises first in the message.
    existing.sort((a, b) => Number(b.name === 'statuses') - Number(a.name === 'statuses'));
    existing.sort((a, b) => Number(b.name === 'accounts') - Number(a.name === 'accounts'));
    for (const t of existing) {
      if (BOOTSTRAP_TABLES.has(t.name)) continue;
      const n = await countRows(opts.db, t.name);
      if (n > 0) inUse.push(`${t.name}: ${n}`);
    }
    if (inUse.length > 0 && !opts.force) {
      throw new RestoreError(
        `The target database already holds data (${inUse.slice(0, 4).join(', ')}${inUse.length > 4 ? ', ...' : ''}). ` +
          'Point DATABASE_URL at an empty database, or pass --force to erase this one and replace it with the archive.',
      );
    }
    const dropped = await dropEverything(opts.db, opts.dialect);
    if (inUse.length > 0) progress(`Erased the existing database (${dropped.length} table(s)), as --force asked.`);

    progress(`Building the archive's schema (${manifest.migrations.length} migration(s))...`);
    await migrateToLatest(opts.db, opts.dialect, { only: new Set(manifest.migrations) });
    const target = new Map((await listTables(opts.db, opts.dialect)).map((t) => [t.name, t]));
    const warnings: string[] = [];
    const plan: Plan = [];
    for (const entry of manifest.tables) {
      const table = target.get(entry.name);
      if (!table) throw new RestoreError(`The archive has a table "${entry.name}" that its own schema does not create: the archive is damaged or was edited.`);
      const missing = entry.columns.filter((c) => !table.columns.some((t) => t.name === c));
      if (missing.length) warnings.push(`${entry.name}: column(s) ${missing.join(', ')} do not exist on ${opts.dialect} and were left out`);
      plan.push({ entry, table, references: table.references, name: entry.name });
    }

    const counts = await insertArchive(opts.db, opts.dialect, plan, staging, progress);

    const { applied: laterMigrations } = await migrateToLatest(opts.db, opts.dialect);
    if (laterMigrations.length) progress(`Applied ${laterMigrations.length} newer migration(s): ${laterMigrations.join(', ')}`);
    const searchIndexes = await rebuildSearchIndexes(opts.db, opts.dialect);

    const keptAside: string[] = [];
    const stamp = new Date()
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
    let mediaFiles = 0;
    let mediaUploaded = 0;
    const mediaDir = join(opts.dataDir, 'media');
    if (existsSync(join(staging, 'media'))) {
      if (existsSync(mediaDir) && readdirSync(mediaDir).length > 0) {
        const aside = `${mediaDir}.before-restore-${stamp}`;
        renameSync(mediaDir, aside);
        keptAside.push(aside);
      } else rmSync(mediaDir, { recursive: true, force: true });
      renameSync(join(staging, 'media'), mediaDir);
      mediaFiles = readdirSync(mediaDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
      progress(`  media: ${mediaFiles.toLocaleString('en')} file(s) into ${mediaDir}`);
      // Uploads stored in a bucket go there; profile images stay in DATA_DIR/media, served from disk.
      if (opts.mediaStorage && opts.mediaStorage.kind !== 'local') {
        const { uploaded, foreign } = await uploadMedia(mediaDir, opts.mediaStorage, progress);
        mediaUploaded = uploaded;
        progress(`  media: ${uploaded.toLocaleString('en')} upload(s) into the S3 bucket`);
        if (foreign > 0)
          warnings.push(`the S3 bucket already held ${foreign} file(s) that this archive does not have: they were left in place (no restored row names them).`);
      }
    }

    let secretRestored = false;
    if (manifest.secret) {
      const secret = readFileSync(join(staging, manifest.secret.file), 'utf8');
      const secretFile = join(opts.dataDir, 'secret.key');
      const current = existsSync(secretFile) ? readFileSync(secretFile, 'utf8') : null;
      if (current !== null && current.trim() !== secret.trim()) {
        const aside = `${secretFile}.before-restore-${stamp}`;
        renameSync(secretFile, aside);
        keptAside.push(aside);
      }
      writeFileSync(secretFile, secret, { mode: 0o600 });
      secretRestored = true;
      if (opts.envSecretKey && opts.envSecretKey !== secret.trim()) {
        warnings.push(
          'SECRET_KEY is set in the environment and differs from the restored secret: unset it (DATA_DIR/secret.key then applies) or set it to the value in DATA_DIR/secret.key, or sessions and signed links of the old host stop working.',
        );
      }
    }
    return { manifest, tables: counts, laterMigrations, searchIndexes, mediaFiles, mediaUploaded, secretRestored, keptAside, warnings };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

type Plan = Array<{ entry: Manifest['tables'][number]; table: TableInfo; references: string[]; name: string }>;

/** Every table in one transaction, parents first; each table's count checked against the manifest before commit. */
async function insertArchive(db: Kysely<any>, dialect: Dialect, plan: Plan, staging: string, progress: Progress) {
  try {
    return await db.transaction().execute(async (trx) => {
      await deferForeignKeys(trx, dialect);
      const indexes = await setIndexesAside(trx, dialect);
      const done: Array<{ name: string; rows: number }> = [];
      for (const { entry, table } of dependencyOrder(plan)) {
        const rows = await importTable(trx, dialect, table, join(staging, entry.file), entry.rows, progress);
        const counted = await countRows(trx, table.name);
        if (rows !== entry.rows || counted !== entry.rows) {
          throw new RestoreError(
            `${table.name}: the manifest lists ${entry.rows} row(s) but ${rows} were read and ${counted} are in the database; nothing was restored. The archive is damaged: use another backup.`,
          );
        }
        if (rows > 0) progress(`  ${table.name}: ${rows.toLocaleString('en')} row(s)`);
        done.push({ name: table.name, rows });
      }
      progress(`Building ${indexes.count} index(es)...`);
      const started = Date.now();
      await indexes.rebuild();
      progress(`  built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return done;
    });
  } catch (err) {
    if (err instanceof Error && !(err instanceof RestoreError) && /foreign key/i.test(err.message)) {
      throw new RestoreError(
        `The archive's rows do not fit together (${err.message}): it was edited or not written by \`tribune backup\`. Nothing was restored; use another backup.`,
      );
    }
    throw err;
  }
}

async function unpack(file: string, staging: string, source?: () => Promise<Readable>): Promise<Manifest> {
  const notBackup = (why: string) => new RestoreError(`${file} is not a Tribune backup (${why}). Pass the .tar.gz file written by \`tribune backup\`.`);
  // Plain files and directories only: a link in a crafted archive could point restore outside DATA_DIR.
  const options = {
    cwd: staging,
    strict: true,
    filter: (_path: string, entry: unknown) => !(entry && typeof entry === 'object' && 'type' in entry) || entry.type === 'File' || entry.type === 'Directory',
  };
  try {
    if (source) await pipeline(await source(), extract(options));
    else await extract({ ...options, file });
  } catch (err) {
    if (err instanceof BackupCryptoError) throw new RestoreError(err.message);
    throw notBackup(err instanceof Error ? err.message : String(err));
  }
  const path = join(staging, MANIFEST_FILE);
  if (!existsSync(path)) throw notBackup(`no ${MANIFEST_FILE} inside`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw notBackup(`${MANIFEST_FILE} is not JSON`);
  }
  if ((raw as { format?: unknown })?.format !== FORMAT) throw notBackup(`${MANIFEST_FILE} is not a ${FORMAT} manifest`);
  const version = (raw as { formatVersion?: unknown }).formatVersion;
  if (typeof version === 'number' && version > FORMAT_VERSION) {
    throw new RestoreError(`This archive uses backup format ${version}, newer than this Tribune's (${FORMAT_VERSION}): upgrade Tribune, then restore again.`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw notBackup(`${MANIFEST_FILE} is malformed at ${parsed.error.issues[0]?.path.join('.')}`);
  return parsed.data;
}

async function verifyFiles(manifest: Manifest, staging: string): Promise<void> {
  const files = [...manifest.tables.map((t) => ({ file: t.file, sha256: t.sha256 })), ...(manifest.secret ? [manifest.secret] : [])];
  for (const { file, sha256 } of files) {
    const path = join(staging, file);
    if (!path.startsWith(staging) || !existsSync(path)) throw new RestoreError(`The archive is incomplete: ${file} is missing. Use another backup.`);
    if ((await sha256OfFile(path)) !== sha256) throw new RestoreError(`The archive is damaged: ${file} does not match its checksum. Use another backup.`);
  }
}

async function importTable(trx: Kysely<any>, dialect: Dialect, table: TableInfo, path: string, total: number, progress: Progress): Promise<number> {
  const known = new Set(table.columns.map((c) => c.name));
  // Under both dialects' limits on bound parameters per statement.
  const batchSize = Math.max(1, Math.min(500, Math.floor(20_000 / Math.max(1, table.columns.length))));
  let batch: Record<string, unknown>[] = [];
  let rows = 0;
  const every = Math.max(1000, Math.ceil(total / 100));
  let nextReport = every;
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (!line) continue;
    const row: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(JSON.parse(line) as Record<string, unknown>)) if (known.has(k)) row[k] = decodeValue(v);
    batch.push(row);
    if (batch.length >= batchSize) {
      await insertRows(trx, dialect, table, batch);
      rows += batch.length;
      batch = [];
      if (rows >= nextReport) {
        progress(`  ${table.name}: ${rows.toLocaleString('en')} rows...`, { done: rows, total });
        nextReport += every;
      }
    }
  }
  await insertRows(trx, dialect, table, batch);
  return rows + batch.length;
}

function decodeValue(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && typeof (v as { $base64?: unknown }).$base64 === 'string')
    return Buffer.from((v as { $base64: string }).$base64, 'base64');
  return v;
}
