import type { Readable } from 'node:stream';

/** Where scheduled backups go and where `tribune restore --latest` finds them: a directory or an S3 prefix. */
export interface BackupTarget {
  /** `/var/backups/tribune/` or `s3://bucket/prefix/`: a backup's name after it says where it is. */
  where: string;
  /** A local directory where a backup is written before it is stored (the target itself when it is a directory). */
  staging: string;
  /** Stores the finished file `path` under `name` (moves or uploads it; the local file is gone afterwards). */
  store(name: string, path: string): Promise<void>;
  /** The backups there (names matching BACKUP_NAME), oldest first. */
  list(): Promise<Array<{ name: string; bytes: number }>>;
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
