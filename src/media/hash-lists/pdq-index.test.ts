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

describe('PdqIndex (multi-index hashing)', () => {
  const next = random(42);
  const words = new Uint32Array(20_000 * HASH_WORDS).map(() => next());
  const index = new PdqIndex(words);

  it('finds the same nearest hash as a linear scan, at every distance up to the limit', () => {
    for (let trial = 0; trial < 200; trial++) {
      const target = next() % index.size;
      const flips = trial % 40;
      const query = flipBits(index.hashAt(target), flips, next);
      const byIndex = index.nearest(query, 31);
      const byScan = index.nearestByScan(query, 31);
      expect(byIndex?.distance).toBe(byScan?.distance);
      if (flips <= 31) {
        expect(byIndex).not.toBeNull();
        expect(byIndex!.distance).toBeLessThanOrEqual(flips);
        expect(hammingDistance(index.hashAt(byIndex!.index), query)).toBe(byIndex!.distance);
      } else expect(byIndex).toBeNull();
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
