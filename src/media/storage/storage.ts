import type { Readable } from 'node:stream';

/**
 * Where media files live: local files under DATA_DIR/media (the default, src/media/storage/local.ts) or an
 * S3-compatible bucket (src/media/storage/s3.ts). Keys are content-addressed relative paths such as
 * `original/ab/cd/abcd…ef.jpg` (see `mediaKey`): the same bytes always get the same key, so a file two attachments
 * share is stored once, and a file is deleted only when no attachment names it any more.
 */
/** An inclusive byte range of a file. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface MediaStorage {
  /** `local` or `s3`: backups record it, the instance document does not show it. */
  readonly kind: 'local' | 's3';
  /** Stores the bytes under the key (overwriting is harmless: the key names its content). */
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The bytes of a stored file, or null when there is none. */
  get(key: string): Promise<Buffer | null>;
  /**
   * A stream of a stored file (for serving and backups), or only bytes `range.start`..`range.end` (inclusive) of it
   * when a player seeks: read from there, not from the beginning. Null when there is none. `size` is the bytes the
   * stream holds.
   */
  stream(key: string, range?: ByteRange): Promise<{ body: Readable; size: number; contentType: string } | null>;
  /** The size and type of a stored file, or null when there is none. */
  stat(key: string): Promise<{ size: number; contentType: string } | null>;
  /** Removes the file; removing one that is not there is not an error. */
  delete(key: string): Promise<void>;
  /** Every stored key (backups walk it). */
  list(): AsyncIterable<string>;
  close(): Promise<void>;
}

/**
 * What a key holds: a processed original, its preview (`small`), a video's poster frame, or a raw upload waiting
 * for its job (`incoming`: named by a random hex string, not its content, and never served).
 */
export type MediaKeyKind = 'original' | 'small' | 'poster' | 'incoming';

/** A content-addressed key: `<kind>/<first two hex>/<next two hex>/<sha256 hex>.<extension>`. */
export function mediaKey(kind: MediaKeyKind, sha256Hex: string, extension: string): string {
  return `${kind}/${sha256Hex.slice(0, 2)}/${sha256Hex.slice(2, 4)}/${sha256Hex}.${extension}`;
}

/** Keys are ours, but a path in a URL is not: only lower-case hex, slashes and one extension pass. */
export function isMediaKey(key: string): boolean {
  return /^(original|small|poster|incoming)\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}\.[a-z0-9]{2,5}$/.test(key);
}

/**
 * Where clients fetch media from: MEDIA_PUBLIC_URL (a bucket or CDN), else Tribune itself at /system/media. Read
 * from the configuration at each call, so it follows PUBLIC_URL wherever it is set.
 */
export function mediaUrlBase(config: { publicUrl: string; media: { publicUrl?: string } }): string {
  return config.media.publicUrl ?? `${config.publicUrl}/system/media`;
}
