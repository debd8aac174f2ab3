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
  let base = 0;
  return {
    next(atMs = Date.now()) {
      // Never earlier than the last one: keyset pagination relies on IDs made later sorting later, even if
      // the clock steps back.
      let ms = Math.max(atMs, lastMs);
      if (ms === lastMs) {
        seq++;
        // Past the top of the 16 bits or of this node's 1,024-wide window, take the next millisecond
        // rather than wrap (a wrapped ID would sort before the ones just made).
        if (seq >= 1024 || base + seq > 0xffff) ms++;
      }
      if (ms !== lastMs) {
        lastMs = ms;
        seq = 0;
        const h = createHmac('sha256', secret).update(String(ms)).digest().readUInt16BE(0);
        base = (h + (node & 63) * 1024) & 0xffff;
      }
      return ((BigInt(ms) << 16n) | BigInt(base + seq)).toString();
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
