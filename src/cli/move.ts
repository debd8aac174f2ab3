import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { RestoreError } from '../backup/import.js';
import { MoveError, moveCommunity } from '../backup/move.js';
import { parseS3Url } from '../backup/target.js';
import { loadConfig } from '../config/config.js';
import { readEnv } from '../config/env.js';
import { createDb, type Database } from '../db/create-db.js';
import { createLogger } from '../logger.js';
import { createMediaStorage } from '../media/storage/create-storage.js';
import { newAddress } from './maintenance.js';
import { progressPrinter } from './progress.js';

const USAGE = `Usage: tribune move --to TARGET --new-address URL [--message "..."] [--data-dir DIR] [--force]

  Moves this community to a new host in one command: this host goes read-only with your message, a final backup
  is taken, restored on the new host, every table's row count is compared (old host, backup, new host), and then
  this host answers every page with a redirect to the same path at URL and every API call with your message and
  URL (the moved mode; \`tribune maintenance off\` undoes it).
  TARGET: the new host's database (sqlite:/path/tribune.sqlite, postgres://..., or a directory: its DATA_DIR with
  SQLite inside); --data-dir DIR: the new host's DATA_DIR for media and the secret key (default: the SQLite file's
  directory; needed with postgres://).
  TARGET s3://bucket/prefix: the final backup goes there encrypted to BACKUP_RECIPIENT, and this host stays
  read-only; on the new host run the \`tribune restore\` printed at the end, then here \`tribune maintenance moved --to URL\`.
  --force: erase a target database that already holds data. --settle SECONDS: wait after read-only (default 5).`;

/** `tribune move`: the community to a new host, and this one pointing there. */
export async function moveCommand(args: string[]): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(args).values;
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    if (!values.to) throw new Error("Where to? Give --to with the new host's database, DATA_DIR or s3://bucket/prefix.");
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  const to = values.to;
  const address = newAddress(values['new-address']);
  const s3 = parseS3Url(to);
  if (!address && !s3) {
    console.error(`--new-address must be the new host's public address (https://...).\n\n${USAGE}`);
    return 2;
  }
  const settle = values.settle === undefined ? 5 : Number(values.settle);
  if (!Number.isFinite(settle) || settle < 0 || settle > 600) {
    console.error('--settle must be a number of seconds from 0 to 600.');
    return 2;
  }
  const config = loadConfig(readEnv());
  if (s3 && config.backup.recipients.length === 0) {
    console.error(
      'tribune move: a move through S3 is encrypted: set BACKUP_RECIPIENT (`tribune backup keygen` prints one), and keep its identity for the new host.',
    );
    return 2;
  }
  const targetUrl = s3 ? null : /^(sqlite:|postgres(ql)?:\/\/|pglite:)/.test(to) ? to : `sqlite:${resolve(to, 'tribune.sqlite')}`;
  const dataDir = values['data-dir'] ? resolve(values['data-dir']) : targetUrl?.startsWith('sqlite:') ? dirname(targetUrl.slice(7)) : undefined;
  if (targetUrl && !dataDir) {
    console.error("tribune move: give --data-dir, the new host's DATA_DIR (media and secret key go there).");
    return 2;
  }
  if (targetUrl && targetUrl === config.databaseUrl) {
    console.error("tribune move: the target is this host's own database.");
    return 2;
  }

  const started = Date.now();
  const mediaStorage = await createMediaStorage(config);
  const source = await createDb(config.databaseUrl);
  let target: Database | undefined;
  const print = progressPrinter(process.stderr);
  try {
    if (targetUrl && dataDir) {
      mkdirSync(dataDir, { recursive: true });
      print.line(`Opening the new host's database (${targetUrl.split(':')[0]})...`);
      target = await createDb(targetUrl);
    }
    const r = await moveCommunity({
      config,
      source: { db: source.db, dialect: source.dialect, dataDir: config.dataDir, mediaStorage },
      target:
        target && dataDir
          ? { kind: 'database', host: { db: target.db, dialect: target.dialect, dataDir }, force: values.force ?? false }
          : { kind: 's3', url: to },
      newAddress: address ?? undefined,
      message: values.message,
      settleMs: settle * 1000,
      logger: createLogger('warn'),
      progress: print.progress,
    });
    print.done();
    const total = (Date.now() - started) / 1000;
    if (r.backupUrl) {
      console.log(`Final backup of ${r.rows.toLocaleString('en')} rows in ${r.backupUrl} (encrypted, read back and checked).`);
      console.log('This host stays read-only. Next:');
      console.log(`  on the new host:  tribune restore ${r.backupUrl} --identity FILE   (then: tribune maintenance off there)`);
      console.log(
        `  then here:        tribune maintenance moved --to ${address ?? 'https://new.example'}${values.message ? ` --message "${values.message}"` : ''}`,
      );
    } else {
      console.log(
        `Moved ${r.rows.toLocaleString('en')} rows in ${r.manifest?.tables.length ?? 0} tables; ${r.compared} tables' counts match (old host, backup, new host).`,
      );
      console.log(`This host now sends everyone to ${address}.`);
    }
    for (const p of r.phases) console.log(`  ${p.name}: ${p.seconds.toFixed(1)} s`);
    console.log(`  total (with ${settle} s of read-only settling): ${total.toFixed(1)} s`);
    return 0;
  } catch (err) {
    print.done();
    if (err instanceof MoveError || err instanceof RestoreError) {
      console.error(`tribune move: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    await target?.close();
    await source.close();
    await mediaStorage.close();
  }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    options: {
      to: { type: 'string' },
      'new-address': { type: 'string' },
      message: { type: 'string', short: 'm' },
      'data-dir': { type: 'string' },
      force: { type: 'boolean' },
      settle: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
