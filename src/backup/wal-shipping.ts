import { closeSync, createReadStream, createWriteStream, existsSync, fstatSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Encrypter } from 'age-encryption';
import type BetterSqlite3 from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import type { BackupConfig } from '../config/config.js';
import type { DB } from '../db/schema.js';
import type { Logger } from '../logger.js';
import { encryptingStream } from './encryption.js';
import { loadLastBackup } from './schedule.store.js';
import { BACKUP_NAME, type BackupTarget, backupTime, parseWalName, stampTime, WAL_NAME, walBaseName, walSegmentName, walStamp } from './target.js';
import { openTarget } from './targets.js';
import { frameBytes, parseWalHeader, scanFrames, WAL_HEADER_BYTES, type WalHeader } from './wal-format.js';

// WAL shipping, Litestream's idea in Tribune's own code: between full backups, the frames SQLite appends to its
// write-ahead log are copied, encrypted, to BACKUP_TARGET every BACKUP_WAL_EVERY. A chain starts with a copy of the
// database file taken right after the log was emptied; its segments are the log's committed frames in order, so the
// file plus the frames is the database at the last shipped commit (`tribune restore --latest` replays them).
//
// The shipper owns checkpoints: the server's connection has auto-checkpoint off, and the shipper keeps a read
// transaction open on a connection of its own, which stops any other connection (a CLI beside the server) from
// copying frames into the file or restarting the log under it. If the log was reset anyway (its salts changed, or it
// is shorter than what was shipped), frames were lost to the chain: a new chain starts, and the log says so.

export interface WalShippingDeps {
  db: Kysely<DB>;
  /** The SQLite database file. */
  dbPath: string;
  config: { backup: BackupConfig; dataDir: string };
  logger: Logger;
  /** The target to ship to (tests); otherwise BACKUP_TARGET. */
  target?: BackupTarget;
}

export interface WalShipper {
  /** Ships what is committed now (and starts a chain if none is running). */
  shipNow(): Promise<void>;
  /** The current chain, log number and frames shipped in that log. */
  state(): { chain: string | null; log: number; shipped: number; chains: number };
  stop(): Promise<void>;
}

export async function startWalShipping(deps: WalShippingDeps): Promise<WalShipper> {
  const cfg = deps.config.backup;
  const log = deps.logger.child({ subsystem: 'wal-shipping' });
  // The server's own connection never checkpoints by itself any more: only the shipper empties the log, after shipping it.
  await sql`PRAGMA wal_autocheckpoint = 0`.execute(deps.db);
  const target = deps.target ?? (await openTarget(cfg.target!, cfg.s3, deps.config.dataDir));
  const { default: SQLite } = await import('better-sqlite3');
  const conn: BetterSqlite3.Database = new SQLite(deps.dbPath);
  conn.pragma('busy_timeout = 0');
  const walPath = `${deps.dbPath}-wal`;

  let chain: string | null = null;
  let chainBackup: string | null = null;
  let logNo = 0;
  let header: WalHeader | null = null;
  let shipped = 0;
  let checksum: [number, number] = [0, 0];
  let chains = 0;
  /** Segments read but not yet stored (a failed upload is retried first, in order). */
  const queue: Array<{ name: string; bytes: Buffer }> = [];

  const pin = () => {
    try {
      conn.exec('BEGIN');
      conn.prepare('SELECT count(*) FROM sqlite_schema').get();
    } catch (err) {
      log.warn({ err }, 'could not hold the read transaction that keeps other connections from emptying the log');
      if (conn.inTransaction) conn.exec('COMMIT');
    }
  };
  const unpin = () => {
    if (conn.inTransaction) conn.exec('COMMIT');
  };
  /** TRUNCATE checkpoint on the shipper's connection, without waiting: false when the log is in use. */
  const truncate = (): boolean => {
    unpin();
    try {
      const r = conn.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
      return Number(r[0]?.busy) === 0;
    } catch {
      return false;
    } finally {
      pin();
    }
  };
  /** Changes when another connection (another process: this one's cannot run meanwhile) commits; read outside the pin. */
  const dataVersion = (): number => {
    unpin();
    try {
      return Number(conn.pragma('data_version', { simple: true }));
    } finally {
      pin();
    }
  };

  async function store(name: string, write: (file: string) => Promise<void>) {
    // Written aside and moved in, so a directory target never shows half a file under a WAL name.
    const file = join(target.staging, `.${name}.part`);
    try {
      await write(file);
      await target.store(name, file);
    } finally {
      rmSync(file, { force: true });
    }
  }

  async function encrypt(bytes: Buffer): Promise<Uint8Array> {
    const e = new Encrypter();
    for (const r of cfg.recipients) e.addRecipient(r);
    return e.encrypt(bytes);
  }

  /** A new chain: empty the log, hold it empty, copy the database file as the chain's base. False when the log is busy. */
  async function startChain(reason: string): Promise<boolean> {
    const last = await loadLastBackup(deps.db);
    if (!truncate()) {
      log.warn({ reason }, 'a new WAL chain must start but the log is in use; trying again at the next tick');
      return false;
    }
    const previous = chain;
    const next = walStamp(new Date());
    // No segment ships until the base is stored: a chain whose base failed to upload is started again next tick.
    chain = null;
    queue.length = 0;
    // Pinned on an empty log, nobody can copy frames into the file: it stays as it is while it is read.
    await store(walBaseName(next), async (file) => pipeline(createReadStream(deps.dbPath), await encryptingStream(cfg.recipients), createWriteStream(file)));
    chain = next;
    chainBackup = last?.at ?? null;
    logNo = 0;
    header = null;
    shipped = 0;
    checksum = [0, 0];
    chains++;
    log.info({ chain, previous, reason }, 'WAL chain started: database file shipped as its base');
    await prune().catch((err) => log.warn({ err }, 'could not remove expired WAL chains'));
    return true;
  }

  /** Chains older than the oldest full backup kept go, except the running one. */
  async function prune() {
    const backups = (await target.list(BACKUP_NAME)).map((b) => backupTime(b.name)!.getTime());
    const oldest = backups.length ? Math.min(...backups) : Number.POSITIVE_INFINITY;
    for (const f of await target.list(WAL_NAME)) {
      const w = parseWalName(f.name)!;
      if (w.chain !== chain && stampTime(w.chain).getTime() < oldest) await target.remove(f.name);
    }
  }

  /** Reads the committed frames not shipped yet into the queue; empties the log once it passes its size. */
  async function collect(): Promise<void> {
    if (!existsSync(walPath)) return;
    const version = dataVersion();
    const fd = openSync(walPath, 'r');
    let restart: string | null = null;
    try {
      const size = fstatSync(fd).size;
      if (size < WAL_HEADER_BYTES) {
        if (shipped > 0) restart = 'the write-ahead log was emptied by another connection before all of it was shipped';
        return;
      }
      const head = Buffer.alloc(WAL_HEADER_BYTES);
      readSync(fd, head, 0, WAL_HEADER_BYTES, 0);
      const now = parseWalHeader(head);
      if (!now) return;
      if (header && !header.bytes.equals(now.bytes)) {
        restart = 'the write-ahead log was restarted by another connection (its salts changed) before all of it was shipped';
        return;
      }
      if (!header) {
        header = now;
        checksum = now.checksum;
      }
      const fb = frameBytes(header);
      const from = WAL_HEADER_BYTES + shipped * fb;
      if (size < from) {
        restart = 'the write-ahead log is shorter than what was shipped: another connection reset it';
        return;
      }
      const tail = Buffer.alloc(size - from);
      readSync(fd, tail, 0, tail.length, from);
      const scan = scanFrames(tail, header, checksum);
      if (scan.committedFrames > 0) {
        queue.push({
          name: walSegmentName(chain!, logNo, shipped + 1, new Date()),
          bytes: Buffer.concat([header.bytes, tail.subarray(0, scan.committedFrames * fb)]),
        });
        shipped += scan.committedFrames;
        checksum = scan.checksumAtCommit;
      }
      // Everything in the log is read (no transaction half written): empty it now, in this same turn of the event
      // loop, so no write of this process can slip between the read and the checkpoint.
      if (size > (cfg.walMaxBytes ?? 64 * 1024 * 1024) && scan.validFrames === scan.committedFrames) {
        if (truncate()) {
          // A commit by another process between the read and the checkpoint went into the file, not into the chain.
          if (dataVersion() !== version) restart = 'another process wrote to the database between the log was read and emptied';
          logNo++;
          header = null;
          shipped = 0;
        }
      }
    } finally {
      closeSync(fd);
    }
    if (restart) {
      log.warn({ chain, reason: restart }, 'WAL chain broken: starting a new one with a fresh copy of the database');
      await flush();
      chain = null;
    }
  }

  async function flush() {
    try {
      while (queue.length) {
        const seg = queue[0]!;
        const sealed = await encrypt(seg.bytes);
        await store(seg.name, async (file) => writeFileSync(file, sealed));
        queue.shift();
      }
    } catch (err) {
      // A target down for long must not fill the memory: past four logs' worth, the chain is given up and a new
      // one (a fresh base) starts once the target answers again.
      const held = queue.reduce((n, q) => n + q.bytes.length, 0);
      if (held > 4 * (cfg.walMaxBytes ?? 64 * 1024 * 1024)) {
        log.warn({ chain, held }, 'WAL chain broken: the target has refused segments for too long; a new chain starts when it is back');
        queue.length = 0;
        chain = null;
      }
      throw err;
    }
  }

  let busy: Promise<void> | null = null;
  async function tick() {
    if (!chain && !(await startChain('the server started'))) return;
    const last = await loadLastBackup(deps.db);
    if (last && last.at !== chainBackup) {
      await collect();
      await flush();
      if (!(await startChain(`a full backup was written (${last.name})`))) return;
    }
    await collect();
    if (!chain && !(await startChain('the previous chain broke'))) return;
    await flush();
  }
  const shipNow = () => {
    busy ??= tick()
      .catch((err) => log.error({ err }, 'WAL shipping failed; trying again at the next tick'))
      .finally(() => {
        busy = null;
      });
    return busy;
  };

  const timer = setInterval(() => void shipNow(), cfg.walEveryMs ?? 10_000);
  timer.unref();
  void shipNow();
  log.info({ every: cfg.walEveryMs, target: target.where }, 'WAL shipping on');
  return {
    shipNow,
    state: () => ({ chain, log: logNo, shipped, chains }),
    async stop() {
      clearInterval(timer);
      await busy;
      // What was committed before the stop is shipped, then the connection lets the log go.
      await shipNow();
      unpin();
      conn.close();
      if (!deps.target) target.close();
    },
  };
}

/**
 * Starts WAL shipping in `tribune serve` when the database is a SQLite file, BACKUP_TARGET and BACKUP_RECIPIENT are
 * set and BACKUP_WAL_EVERY is not off; one shipper per database (the first worker of `serve --workers N`).
 */
export async function startWalShippingIfConfigured(
  ctx: Pick<WalShippingDeps, 'db' | 'logger'> & {
    config: WalShippingDeps['config'] & { databaseUrl: string; workerSlot?: number };
    onClose: Array<() => Promise<void>>;
  },
): Promise<WalShipper | null> {
  const { config } = ctx;
  const b = config.backup;
  if (!config.databaseUrl.startsWith('sqlite:') || !b.target || !b.walEveryMs) return null;
  const dbPath = config.databaseUrl.slice('sqlite:'.length);
  if (dbPath === ':memory:' || (config.workerSlot !== undefined && config.workerSlot !== 0)) return null;
  if (b.recipients.length === 0) {
    ctx.logger.warn('BACKUP_TARGET is set but BACKUP_RECIPIENT is not: WAL shipping is off (segments are encrypted)');
    return null;
  }
  const shipper = await startWalShipping({ db: ctx.db, dbPath, config, logger: ctx.logger });
  ctx.onClose.push(() => shipper.stop());
  return shipper;
}
