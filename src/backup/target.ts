import type { Readable } from 'node:stream';

/** Where scheduled backups go and where `tribune restore --latest` finds them: a directory or an S3 prefix. */
export interface BackupTarget {
  /** `/var/backups/tribune/` or `s3://bucket/prefix/`: a backup's name after it says where it is. */
  where: string;
  /** A local directory where a backup is written before it is stored (the target itself when it is a directory). */
  staging: string;
  /** Stores the finished file `path` under `name` (moves or uploads it; the local file is gone afterwards). */
  store(name: string, path: string): Promise<void>;
  /** The backups there (names matching `pattern`, BACKUP_NAME unless given), oldest first. */
  list(pattern?: RegExp): Promise<Array<{ name: string; bytes: number }>>;
  open(name: string): Promise<Readable>;
  remove(name: string): Promise<void>;
  close(): void;
}

/** `tribune-backup-20261204T190000Z.tar.gz.age`: the time is what retention and --latest sort by. */
export const BACKUP_NAME = /^tribune-backup-(\d{8}T\d{6}Z)\.tar\.gz(\.age)?$/;

/** The time in a backup's name, or null if it is not one. */
export function backupTime(name: string): Date | null {
  const m = BACKUP_NAME.exec(name);
  if (!m) return null;
  const s = m[1]!;
  return new Date(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z`);
}

/** `s3://bucket/prefix` into its parts; null for a path. */
export function parseS3Url(url: string): { bucket: string; key: string } | null {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  return m ? { bucket: m[1]!, key: m[2]! } : null;
}

/**
 * WAL shipping (src/backup/wal-shipping.ts): a chain's base copy of the SQLite file,
 * `tribune-wal-<chain>-base.age`, and its segments, `tribune-wal-<chain>-<log>-<first frame>-<shipped>.age`.
 * The chain is named for when it started; the log number counts the checkpoints that emptied the log in it.
 */
export const WAL_NAME = /^tribune-wal-(\d{8}T\d{9}Z)-(?:base|(\d{4})-(\d{8})-(\d{8}T\d{9}Z))\.age$/;

/** A moment to the millisecond as the names above write it: `20261204T190000123Z`. */
export function walStamp(t: Date): string {
  return t.toISOString().replace(/[-:.]/g, '');
}

export function stampTime(s: string): Date {
  return new Date(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}.${s.slice(15, 18)}Z`);
}

export type WalFile =
  | { name: string; chain: string; kind: 'base' }
  | { name: string; chain: string; kind: 'segment'; log: number; firstFrame: number; shippedAt: Date };

export function parseWalName(name: string): WalFile | null {
  const m = WAL_NAME.exec(name);
  if (!m) return null;
  if (m[2] === undefined) return { name, chain: m[1]!, kind: 'base' };
  return { name, chain: m[1]!, kind: 'segment', log: Number(m[2]), firstFrame: Number(m[3]), shippedAt: stampTime(m[4]!) };
}

export const walBaseName = (chain: string) => `tribune-wal-${chain}-base.age`;
export const walSegmentName = (chain: string, log: number, firstFrame: number, shippedAt: Date) =>
  `tribune-wal-${chain}-${String(log).padStart(4, '0')}-${String(firstFrame).padStart(8, '0')}-${walStamp(shippedAt)}.age`;

/** Names a target may hold: backups and WAL shipping's files. */
export const isTargetName = (name: string) => BACKUP_NAME.test(name) || WAL_NAME.test(name);
