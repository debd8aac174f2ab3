// SQLite's write-ahead log, as https://www.sqlite.org/fileformat.html#the_write_ahead_log describes it: a 32-byte
// header (magic, version, page size, checkpoint sequence, two salts, checksum) then frames of a 24-byte header
// (page number, database size in pages on a commit frame, the salts, a running checksum) and one page each.
// A frame belongs to the log only if its salts match the header's and its checksum continues the chain: that is how
// SQLite itself tells written frames from stale ones left by an earlier, longer log.

export const WAL_HEADER_BYTES = 32;
export const FRAME_HEADER_BYTES = 24;

export interface WalHeader {
  /** The header's 32 bytes, as they were read. */
  bytes: Buffer;
  pageSize: number;
  /** Checksum words big-endian (magic 0x377f0683) or little-endian (0x377f0682). */
  bigEndian: boolean;
  salt1: number;
  salt2: number;
  /** The running checksum after the header. */
  checksum: [number, number];
}

/** The header of a log, or null when the bytes are not one (empty file, wrong magic or a failed checksum). */
export function parseWalHeader(buf: Buffer): WalHeader | null {
  if (buf.length < WAL_HEADER_BYTES) return null;
  const magic = buf.readUInt32BE(0);
  if (magic !== 0x377f0682 && magic !== 0x377f0683) return null;
  const bigEndian = magic === 0x377f0683;
  const checksum = walChecksum(buf.subarray(0, 24), [0, 0], bigEndian);
  if (checksum[0] !== buf.readUInt32BE(24) || checksum[1] !== buf.readUInt32BE(28)) return null;
  return {
    bytes: Buffer.from(buf.subarray(0, WAL_HEADER_BYTES)),
    pageSize: buf.readUInt32BE(8),
    bigEndian,
    salt1: buf.readUInt32BE(16),
    salt2: buf.readUInt32BE(20),
    checksum,
  };
}

/** SQLite's checksum over `data` (a multiple of 8 bytes), continuing from `start`. */
export function walChecksum(data: Buffer, start: [number, number], bigEndian: boolean): [number, number] {
  let s0 = start[0];
  let s1 = start[1];
  for (let i = 0; i < data.length; i += 8) {
    const x0 = bigEndian ? data.readUInt32BE(i) : data.readUInt32LE(i);
    const x1 = bigEndian ? data.readUInt32BE(i + 4) : data.readUInt32LE(i + 4);
    s0 = (s0 + x0 + s1) >>> 0;
    s1 = (s1 + x1 + s0) >>> 0;
  }
  return [s0, s1];
}

export interface FrameScan {
  /** Frames that are valid, counted from the start of `buf`. */
  validFrames: number;
  /** Of those, how many end at a commit frame: only they may be applied. */
  committedFrames: number;
  /** The running checksum after the last committed frame. */
  checksumAtCommit: [number, number];
}

/**
 * Walks the frames in `buf` (whole frames only; a torn tail is ignored), continuing the checksum chain from
 * `checksum` (the header's, or the last frame's before `buf`), and stops at the first frame that does not belong.
 */
export function scanFrames(buf: Buffer, header: WalHeader, checksum: [number, number]): FrameScan {
  const frameBytes = FRAME_HEADER_BYTES + header.pageSize;
  let sum = checksum;
  let valid = 0;
  let committed = 0;
  let atCommit = checksum;
  for (let off = 0; off + frameBytes <= buf.length; off += frameBytes) {
    if (buf.readUInt32BE(off + 8) !== header.salt1 || buf.readUInt32BE(off + 12) !== header.salt2) break;
    sum = walChecksum(buf.subarray(off, off + 8), sum, header.bigEndian);
    sum = walChecksum(buf.subarray(off + FRAME_HEADER_BYTES, off + frameBytes), sum, header.bigEndian);
    if (sum[0] !== buf.readUInt32BE(off + 16) || sum[1] !== buf.readUInt32BE(off + 20)) break;
    valid++;
    if (buf.readUInt32BE(off + 4) !== 0) {
      committed = valid;
      atCommit = sum;
    }
  }
  return { validFrames: valid, committedFrames: committed, checksumAtCommit: atCommit };
}

export const frameBytes = (header: WalHeader) => FRAME_HEADER_BYTES + header.pageSize;
