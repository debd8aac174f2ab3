import { describe, expect, it } from 'vitest';
import { HASH_WORDS, type Hash256, hammingDistance } from '../pdq/hash256.js';
import { PdqIndex } from './pdq-index.js';

// A deterministic generator, so a failure can be replayed.
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

function flipBits(h: Hash256, n: number, next: () => number): Hash256 {
  const out = h.slice();
  const bits = new Set<number>();
  while (bits.size < n) bits.add(next() % 256);
  for (const b of bits) out[b >> 5] = ((out[b >> 5] as number) ^ (1 << (b & 31))) >>> 0;
  return out;
}

/** Flips perChunk[c] distinct bits inside each 16-bit chunk c (the index's unit: the high half of word c >> 1 first). */
function flipPerChunk(h: Hash256, perChunk: number[], next: () => number): Hash256 {
  const out = h.slice();
  perChunk.forEach((n, c) => {
    const bits = new Set<number>();
    while (bits.size < n) bits.add(next() % 16);
    for (const b of bits) out[c >> 1] = ((out[c >> 1] as number) ^ (1 << (b + (c & 1 ? 0 : 16)))) >>> 0;
  });
  return out;
}

/**
 * Ways `distance` bits can fall across the 16 chunks, including the ones the pigeonhole bounds are tight on: spread as
 * evenly as possible (for 31: fifteen chunks 2 bits away, one chunk 1 bit), piled into alternate chunks (0,4,0,4,..),
 * into a few chunks, and at random.
 */
function layouts(distance: number, next: () => number): number[][] {
  const rotate = (a: number[]) => {
    const r = next() % 16;
    return [...a.slice(r), ...a.slice(0, r)];
  };
  const even = Array.from({ length: 16 }, (_, c) => Math.floor(distance / 16) + (c < distance % 16 ? 1 : 0));
  const alternate = Array.from({ length: 16 }, () => 0);
  const few = Array.from({ length: 16 }, () => 0);
  const scattered = Array.from({ length: 16 }, () => 0);
  for (let left = distance, c = 0; left > 0; c = (c + 2) % 16) {
    const n = Math.min(left, 16 - (alternate[c] as number), 4);
    alternate[c] = (alternate[c] as number) + n;
    left -= n;
  }
  for (let left = distance, c = 0; left > 0; c++) {
    const n = Math.min(left, 12);
    few[c] = n;
    left -= n;
  }
  for (let left = distance; left > 0; ) {
    const c = next() % 16;
    if ((scattered[c] as number) < 16) {
      scattered[c] = (scattered[c] as number) + 1;
      left--;
    }
  }
  return [even, rotate(even), rotate(alternate), rotate(few), scattered];
}

describe('PdqIndex (multi-index hashing)', () => {
  const next = random(42);
  const words = new Uint32Array(20_000 * HASH_WORDS).map(() => next());
  const index = new PdqIndex(words);

  it('finds every listed hash within distance 31, however the differing bits fall, as a linear scan does', () => {
    for (let distance = 0; distance <= 31; distance++) {
      for (const perChunk of layouts(distance, next)) {
        const target = next() % index.size;
        const query = flipPerChunk(index.hashAt(target), perChunk, next);
        expect(hammingDistance(query, index.hashAt(target))).toBe(distance);
        const found = index.nearest(query, 31);
        expect(found, `distance ${distance}, bits per chunk ${perChunk.join(',')}`).toEqual({ index: target, distance });
        expect(index.nearestByScan(query, 31)).toEqual(found);
      }
    }
  });

  it('finds near copies with their differing bits at random in the chunks, at the limit', () => {
    for (let trial = 0; trial < 300; trial++) {
      const distance = 24 + (trial % 8);
      const perChunk = layouts(distance, next)[4] as number[];
      const target = next() % index.size;
      const query = flipPerChunk(index.hashAt(target), perChunk, next);
      expect(index.nearest(query, 31), `bits per chunk ${perChunk.join(',')}`).toEqual({ index: target, distance });
    }
  });

  it('reports nothing at distance 32 or more, as a linear scan does', () => {
    for (let distance = 32; distance <= 48; distance++) {
      for (const perChunk of layouts(distance, next)) {
        const target = next() % index.size;
        const query = flipPerChunk(index.hashAt(target), perChunk, next);
        expect(index.nearest(query, 31), `distance ${distance}, bits per chunk ${perChunk.join(',')}`).toBeNull();
        expect(index.nearestByScan(query, 31)).toBeNull();
      }
    }
  });

  it('agrees with a linear scan at other limits, for random bit flips', () => {
    for (let trial = 0; trial < 300; trial++) {
      const limit = [0, 5, 15, 16, 24, 40, 47, 63][trial % 8] as number;
      const query = flipBits(index.hashAt(next() % index.size), next() % (limit + 12), next);
      expect(index.nearest(query, limit)).toEqual(index.nearestByScan(query, limit));
    }
  });

  it('answers the nearest of several listed hashes within the limit', () => {
    const query = Uint32Array.from({ length: HASH_WORDS }, next);
    const perChunkFar = Array.from({ length: 16 }, (_, c) => (c === 15 ? 0 : 2)); // 30 bits away
    const far = flipPerChunk(query, perChunkFar, next);
    // The index meets `near` before `nearer` (chunk 0 equal, then chunk 0 one bit away), so it must keep looking.
    const near = flipPerChunk(query, [0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], next);
    const nearer = flipPerChunk(query, [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1], next);
    for (const order of [
      [far, near, nearer],
      [nearer, near, far],
      [near, far, nearer],
    ]) {
      const small = new PdqIndex([...order, ...Array.from({ length: 500 }, () => Uint32Array.from({ length: HASH_WORDS }, next))]);
      expect(small.nearest(query, 31)).toEqual({ index: order.indexOf(nearer), distance: 4 });
      expect(small.nearest(query, 3)).toBeNull();
    }
  });

  it('honours smaller and larger limits', () => {
    const query = flipBits(index.hashAt(7), 40, next);
    expect(index.nearest(query, 31)).toBeNull();
    expect(index.nearest(query, 40)).toEqual({ index: 7, distance: 40 });
    expect(index.nearest(flipBits(index.hashAt(9), 3, next), 2)).toBeNull();
    expect(() => index.nearest(query, 64)).toThrow(RangeError);
  });

  it('answers null on an empty index', () => {
    expect(new PdqIndex([]).nearest(new Uint32Array(8), 31)).toBeNull();
  });
});
