import { createHmac } from 'node:crypto';

/**
 * Time-sortable 64-bit snowflakes: 48 bits of milliseconds, then 16 bits from a keyed hash of the
 * millisecond plus a sequence. They sort by time but the low part cannot be guessed, so IDs cannot be
 * enumerated the way Parler's sequential IDs were.
 */
export interface IdGenerator {
  next(atMs?: number): string;
}

/**
 * `node` (0-63) keeps processes that share the secret apart: each adds its own 1,024-wide step to the low
 * bits, so several processes on one database do not make the same ID in the same millisecond.
 */
export function createIdGenerator(secret: string, node = 0): IdGenerator {
  let lastMs = -1;
  let seq = 0;
  return {
    next(atMs = Date.now()) {
      if (atMs === lastMs) seq = (seq + 1) & 0xffff;
      else {
        lastMs = atMs;
        seq = 0;
      }
      const h = createHmac('sha256', secret).update(String(atMs)).digest().readUInt16BE(0);
      const low = (h + (node & 63) * 1024 + seq) & 0xffff;
      return ((BigInt(atMs) << 16n) | BigInt(low)).toString();
    },
  };
}

/** The smallest ID that could have been made at this time: for "since a time" range queries. */
export function idAtTime(ms: number): string {
  return (BigInt(ms) << 16n).toString();
}

/** When an ID was made. */
export function timeOfId(id: string): number {
  return Number(BigInt(id) >> 16n);
}

/** Accepts only decimal ID strings; anything else cannot match a row. */
export function isId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9]{1,19}$/.test(value) && BigInt(value) <= 9223372036854775807n;
}
